using CrmReco.Web.Pages;

namespace CrmReco.Web.Tests.Components;

/// <summary>An import's page says each file's kind and each rejected row's reason in the user's language.</summary>
public sealed class ImportPageTests : DashboardTestContext, IAsyncLifetime
{
    public ImportPageTests()
    {
        UseCannedApi();
    }

    [Fact]
    public void Import_Rejects_KindAndReasonsInFrench_UnknownReasonAsGiven()
    {
        SignIn(RoleNames.Viewer);
        Answers["/api/imports/3"] = new ImportRunInfo(3, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "completed", "marketing", 5, 1, 0, 4,
            [new ImportFileInfo(7, 3, "ventes.csv", "sales", "abc", 100, "csv", "loaded", 5, 1, 0, 4, null, 12)]);
        Answers["/api/imports/3/rejects"] = new List<RejectedRowInfo>
        {
            new(1, 3, 7, "ventes.csv", 3, "date_livraison", "31/13/2026", "'31/13/2026' is not a valid date (expected dd/mm/yyyy, yyyy-mm-dd or an Excel serial)"),
            new(2, 3, 7, "ventes.csv", 4, "qty_line", "deux", "quantity 'deux' is not a number"),
            new(3, 3, 7, "ventes.csv", 5, "code_client", "", "customer code is empty"),
            new(4, 3, 7, "ventes.csv", 6, "type", "X", "something new the import says"),
        };

        var page = Render<ImportPage>(p => p.Add(c => c.Id, 3));

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=reject-reason]").Count));
        Assert.Contains("<td>ventes</td>", page.Markup, StringComparison.Ordinal);
        Assert.Equal(
            [
                "« 31/13/2026 » n'est pas une date valide (attendu jj/mm/aaaa, aaaa-mm-jj ou une date Excel)",
                "quantité : « deux » n'est pas un nombre",
                "code client manquant(e)",
                "something new the import says",
            ],
            page.FindAll("[data-testid=reject-reason]").Select(r => r.TextContent.Trim()));
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor's services dispose only asynchronously.</summary>
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
