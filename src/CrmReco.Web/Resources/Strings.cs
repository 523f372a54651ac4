namespace CrmReco.Web.Resources;

/// <summary>Marker of the dashboard's texts: Strings.resx (French, the neutral language) and Strings.en.resx.</summary>
public sealed class Strings;
