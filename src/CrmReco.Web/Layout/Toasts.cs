using MudBlazor;
using MudBlazor.Services;

namespace CrmReco.Web.Layout;

/// <summary>Where and how long the confirmations ("Campagne approuvée.") show: bottom right, out of the way of the
/// page's heading and figure cards at the top, for a few seconds.</summary>
public static class Toasts
{
    public const string Position = Defaults.Classes.Position.BottomRight;

    public const int VisibleMilliseconds = 4000;

    public static void Configure(MudServicesConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.SnackbarConfiguration.PositionClass = Position;
        configuration.SnackbarConfiguration.VisibleStateDuration = VisibleMilliseconds;
        configuration.SnackbarConfiguration.PreventDuplicates = true;
    }
}
