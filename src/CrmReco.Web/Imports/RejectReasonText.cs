using CrmReco.Contracts.Imports;

namespace CrmReco.Web.Imports;

/// <summary>
/// Reads the import's reasons for a rejected row (English, as the API and its CSV give them to scripts) as a
/// resource key and its arguments, so the page says them in the user's language; a reason it does not know is
/// shown as it is. The parse is <see cref="RejectReasons"/>, shared with the command line.
/// </summary>
public static class RejectReasonText
{
    /// <summary>The known reason, or null.</summary>
    public static RejectReasons.Parsed? Parse(string? reason) => RejectReasons.Parse(reason);
}
