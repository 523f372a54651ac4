using System.Text.RegularExpressions;

namespace CrmReco.Web.Imports;

/// <summary>
/// Reads the import's reasons for a rejected row (English, as the API and its CSV give them to scripts) as a
/// resource key and its arguments, so the page says them in the user's language; a reason it does not know is
/// shown as it is.
/// </summary>
public static partial class RejectReasonText
{
    /// <summary>A known reason: its resource key ("RejectReason_NotADate", whose {0} is the field's name and {1} the
    /// raw value), the field's resource key ("RejectField_quantity", null when the reason names none) and the raw value.</summary>
    public sealed record Parsed(string Key, string? FieldKey, string? Raw);

    /// <summary>The known reason, or null.</summary>
    public static Parsed? Parse(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return null;
        }

        if (NotADate().Match(reason) is { Success: true } date)
        {
            return new("RejectReason_NotADate", null, date.Groups["raw"].Value);
        }

        if (NotANumber().Match(reason) is { Success: true } number)
        {
            return number.Groups["what"].Success
                ? new("RejectReason_FieldNotANumber", FieldKey(number.Groups["what"].Value), number.Groups["raw"].Value)
                : new("RejectReason_NotANumber", null, number.Groups["raw"].Value);
        }

        if (Empty().Match(reason) is { Success: true } empty)
        {
            return new("RejectReason_Empty", FieldKey(empty.Groups["what"].Value), null);
        }

        if (UnknownDocumentType().Match(reason) is { Success: true } type)
        {
            return new("RejectReason_UnknownDocumentType", null, type.Groups["raw"].Value);
        }

        if (UnknownChannel().Match(reason) is { Success: true } channel)
        {
            return new("RejectReason_UnknownChannel", null, channel.Groups["raw"].Value);
        }

        return null;
    }

    /// <summary>The resource key of a field's name ("RejectField_quantity"); the page falls back to the English name.</summary>
    private static string FieldKey(string what) => "RejectField_" + what.Replace(' ', '_');

    [GeneratedRegex(@"^'(?<raw>.*)' is not a valid date\b", RegexOptions.CultureInvariant)]
    private static partial Regex NotADate();

    [GeneratedRegex(@"^(?:(?<what>[a-z ]+?) )?'(?<raw>.*)' is not a (?:whole )?number$", RegexOptions.CultureInvariant)]
    private static partial Regex NotANumber();

    [GeneratedRegex(@"^(?<what>[a-z ]+) is empty$", RegexOptions.CultureInvariant)]
    private static partial Regex Empty();

    [GeneratedRegex(@"^unknown document type '(?<raw>.*)' \(", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownDocumentType();

    [GeneratedRegex(@"^unknown channel '(?<raw>.*)' \(", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownChannel();
}
