using CrmReco.Web.Components;
using CrmReco.Web.Layout;
using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Web.Tests.Components;

public sealed class ComponentTests : DashboardTestContext, IAsyncLifetime
{
    [Fact]
    public void Toasts_Added_ShowAtTheBottomRightForFourSeconds()
    {
        var provider = Render<MudBlazor.MudSnackbarProvider>();
        var snackbar = Services.GetRequiredService<MudBlazor.ISnackbar>();

        provider.InvokeAsync(() => snackbar.Add("Campagne approuvée.", MudBlazor.Severity.Success));

        provider.WaitForAssertion(() => Assert.NotNull(provider.Find(".mud-snackbar-location-bottom-right .mud-snackbar")));
        Assert.Equal(4000, snackbar.Configuration.VisibleStateDuration);
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor's services dispose only asynchronously.</summary>
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    [Fact]
    public void KpiCard_WithDetail_ShowsLabelValueAndDetail()
    {
        var card = Render<KpiCard>(p => p.Add(c => c.Label, "Panier moyen").Add(c => c.Value, "123,40 €").Add(c => c.Detail, "sur 12 mois").Add(c => c.Positive, true));
        Assert.Contains("Panier moyen", card.Markup, StringComparison.Ordinal);
        Assert.Contains("123,40 €", card.Markup, StringComparison.Ordinal);
        Assert.NotNull(card.Find(".crm-up"));
    }

    [Fact]
    public void NavMenu_Viewer_HidesAdministration()
    {
        SignIn(RoleNames.Viewer);
        var menu = Render<NavMenu>();
        Assert.Contains("Clients", menu.Markup, StringComparison.Ordinal);
        Assert.Empty(menu.FindAll("[data-testid=nav-admin]"));
    }

    [Fact]
    public void NavMenu_Admin_ShowsAdministration()
    {
        SignIn(RoleNames.Admin);
        var menu = Render<NavMenu>();
        Assert.Single(menu.FindAll("[data-testid=nav-admin]"));
        Assert.Contains("Administration", menu.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorBanner_ServerError_ShowsFrenchTextNotTheServerDetail()
    {
        var banner = Render<ErrorBanner>(p => p.Add(c => c.Error, new CrmReco.Web.Api.ApiException(500, "System.InvalidOperationException at Foo.Bar()")));
        Assert.Contains("Le serveur a rencontré une erreur", banner.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", banner.Markup, StringComparison.Ordinal);
    }
}

public sealed class EnglishComponentTests() : DashboardTestContext("en-GB")
{
    [Fact]
    public void NavMenu_English_SpeaksEnglish()
    {
        SignIn(RoleNames.Marketing);
        var menu = Render<NavMenu>();
        Assert.Contains("Customers", menu.Markup, StringComparison.Ordinal);
        Assert.Contains("Data health", menu.Markup, StringComparison.Ordinal);
    }
}
