using System.Text.RegularExpressions;

namespace CrmReco.Contracts.Imports;

/// <summary>
/// Reads the import's reason for a rejected row (English, as the import stores it and the API gives it to scripts)
/// as a resource key and its arguments, so the dashboard and the command line say it in their user's language from
/// the same parse; a reason it does not know is shown as it is.
/// </summary>
public static partial class RejectReasons
{
    /// <summary>A known reason: its resource key ("RejectReason_NotADate", whose {0} is the field's name and {1} the
    /// raw value), the field's resource key ("RejectField_quantity", null when the reason names none) and the raw value.</summary>
    public sealed record Parsed(string Key, string? FieldKey, string? Raw)
    {
        /// <summary>The field's English name, for a field the resources do not know ("RejectField_stock_total" → "stock total").</summary>
        public string FieldFallback => FieldKey is null ? string.Empty : FieldKey[FieldPrefix.Length..].Replace('_', ' ');
    }

    public const string FieldPrefix = "RejectField_";

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

    /// <summary>The resource key of a field's name ("RejectField_quantity").</summary>
    private static string FieldKey(string what) => FieldPrefix + what.Replace(' ', '_');

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
