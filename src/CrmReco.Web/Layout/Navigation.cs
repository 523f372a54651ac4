using MudBlazor;

namespace CrmReco.Web.Layout;

/// <summary>The pages of the navigation and the weakest role each is for.</summary>
public static class Navigation
{
    public sealed record Entry(string Key, string Href, string Icon, string MinimumRole);

    public static IReadOnlyList<Entry> Entries { get; } =
    [
        new("overview", "", Icons.Material.Filled.Dashboard, RoleNames.Viewer),
        new("customers", "customers", Icons.Material.Filled.People, RoleNames.Viewer),
        new("segments", "segments", Icons.Material.Filled.GridOn, RoleNames.Viewer),
        new("recommendations", "recommendations", Icons.Material.Filled.WineBar, RoleNames.Viewer),
        new("campaigns", "campaigns", Icons.Material.Filled.Campaign, RoleNames.Viewer),
        new("imports", "imports", Icons.Material.Filled.UploadFile, RoleNames.Viewer),
        new("datahealth", "data-health", Icons.Material.Filled.HealthAndSafety, RoleNames.Viewer),
        new("reports", "reports", Icons.Material.Filled.Assessment, RoleNames.Viewer),
        new("admin", "admin", Icons.Material.Filled.AdminPanelSettings, RoleNames.Admin),
    ];
}
