using MudBlazor;

namespace CrmReco.Web;

/// <summary>The dashboard's colours: a wine red on white, contrast checked against WCAG AA for text.</summary>
public static class Theme
{
    public static MudTheme Estate { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#7b1e3a",
            Secondary = "#5a6b2e",
            AppbarBackground = "#7b1e3a",
            Background = "#f7f5f2",
            DrawerBackground = "#ffffff",
            TextSecondary = "#55505a",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
