namespace CrmReco.Core.Analytics;

/// <summary>
/// The family a wine counts toward in taste profiles and taste-based recommendations: its grape variety, else
/// "Crémant" for a sparkling wine (Crémant d'Alsace is a style blended from several grapes, and its buyers are a
/// taste of their own), else unknown.
/// </summary>
public static class WineFamily
{
    public const string Sparkling = "Crémant";

    public static string? Of(string? variety, bool sparkling) => variety ?? (sparkling ? Sparkling : null);
}
