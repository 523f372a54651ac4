using CrmReco.Web.Pages;
using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Web.Tests.Components;

/// <summary>The customer page says when an email cannot carry the recommendations, why and until when, and names
/// scenarios, colours and unknown values in French.</summary>
public sealed class CustomerEmailBlockTests : DashboardTestContext, IAsyncLifetime
{
    public CustomerEmailBlockTests()
    {
        UseCannedApi();
    }

    [Fact]
    public void Customer_SilenceWindow_ShowsTheChipWithTheRuleAndTheDateBesideTheWines()
    {
        SignIn(RoleNames.Viewer);
        Answers["/api/customers/C1"] = Detail(new EmailBlocked("silence_window", new DateOnly(2026, 11, 10)));

        var page = Render<CustomerPage>(p => p.Add(c => c.Code, "C1"));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=recommendations] tbody tr")));
        Assert.Equal("E-mail bloqué : contacté récemment jusqu'au 10/11/2026", page.Find("[data-testid=email-blocked]").TextContent.Trim());
    }

    [Fact]
    public void Customer_NotEmailable_ShowsTheChipWithoutADate()
    {
        SignIn(RoleNames.Viewer);
        Answers["/api/customers/C1"] = Detail(new EmailBlocked("not_emailable", null));

        var page = Render<CustomerPage>(p => p.Add(c => c.Code, "C1"));

        page.WaitForAssertion(() => Assert.Equal("E-mail bloqué : pas de consentement ou adresse invalide", page.Find("[data-testid=email-blocked]").TextContent.Trim()));
    }

    [Fact]
    public void Customer_NotBlocked_ShowsNoChip()
    {
        SignIn(RoleNames.Viewer);
        Answers["/api/customers/C1"] = Detail(null);

        var page = Render<CustomerPage>(p => p.Add(c => c.Code, "C1"));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=recommendations] tbody tr")));
        Assert.Empty(page.FindAll("[data-testid=email-blocked]"));
    }

    [Fact]
    public void Customer_TasteAndScenario_AreNamedInFrenchWithUnknownAsNonRenseigne()
    {
        SignIn(RoleNames.Viewer);
        Answers["/api/customers/C1"] = Detail(null) with
        {
            Taste = new TasteProfile([new("?", 4, 40, 0.6, 0.63), new("Pinot Gris", 2, 25, 0.4, 0.37)], [new("white", 5, 55, 0.86, 0.86), new("?", 1, 10, 0.14, 0.14)], [], []),
        };

        var page = Render<CustomerPage>(p => p.Add(c => c.Code, "C1"));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=recommendations] tbody tr")));
        Assert.Contains("réachat", page.Find("[data-testid=recommendations] tbody tr").TextContent, StringComparison.Ordinal);
        var names = page.FindAll("th.crm-segment-name").Select(t => t.TextContent.Trim()).ToList();
        Assert.Equal(["non renseigné", "Pinot Gris", "blanc", "non renseigné"], names);
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor's services dispose only asynchronously.</summary>
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private static CustomerDetail Detail(EmailBlocked? blocked) => new(
        "C1", "Martin", "Marie", "marie@example.fr", true, null, null, "68000", "Colmar", "FR", false, null, null, null, null, blocked is null,
        null, new TasteProfile([], [], [], []), [], 0,
        [new RecommendedItem(1, "C1", "rebuy", 1, "RIE-2023", "Riesling 2023", 0.9, "rebuy", "rebuy_due", "{}", "Vous avez acheté Riesling 3 fois", "You bought Riesling 3 times", blocked)],
        [], [], [], blocked);
}
