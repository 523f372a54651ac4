using CrmReco.Core.Import.Reading;
using CrmReco.Core.Normalization;

namespace CrmReco.Core.Import.Mapping;

/// <summary>The field checks the mappers share; each failed check adds its issue and returns a default.</summary>
internal static class Fields
{
    public const string DateFormats = "expected dd/mm/yyyy, yyyy-mm-dd or an Excel serial";

    /// <summary>A cleaned text that must not be empty ("customer code is empty").</summary>
    public static string? RequiredText(RawRow row, ColumnMap columns, string column, string what, List<RowIssue> issues) =>
        RequiredText(columns.Get(row, column), column, what, issues);

    /// <summary>A cleaned text that must not be empty, from the raw value of <paramref name="column"/>.</summary>
    public static string? RequiredText(string? raw, string column, string what, List<RowIssue> issues)
    {
        var value = TextNormalizer.Clean(raw);
        if (value is null)
        {
            issues.Add(new RowIssue(column, raw, $"{what} is empty"));
        }

        return value;
    }

    /// <summary>A date that must be there and valid.</summary>
    public static DateOnly RequiredDate(RawRow row, ColumnMap columns, string column, string what, List<RowIssue> issues) =>
        RequiredDate(columns.Get(row, column), column, what, issues);

    /// <summary>A date that must be there and valid, from the raw value of <paramref name="column"/>.</summary>
    public static DateOnly RequiredDate(string? raw, string column, string what, List<RowIssue> issues)
    {
        if (!DateNormalizer.TryParse(raw, out var date))
        {
            issues.Add(new RowIssue(column, raw, string.IsNullOrWhiteSpace(raw) ? $"{what} is empty" : InvalidDate(raw)));
        }

        return date;
    }

    /// <summary>A date that may be empty (then <paramref name="fallback"/>) but not invalid.</summary>
    public static DateOnly OptionalDate(RawRow row, ColumnMap columns, string column, DateOnly fallback, List<RowIssue> issues)
    {
        var raw = columns.Get(row, column);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (!DateNormalizer.TryParse(raw, out var date))
        {
            issues.Add(new RowIssue(column, raw, InvalidDate(raw)));
        }

        return date;
    }

    /// <summary>A number that may be empty (null) but not text.</summary>
    public static decimal? OptionalAmount(RawRow row, ColumnMap columns, string column, List<RowIssue> issues) =>
        OptionalAmount(columns.Get(row, column), column, issues);

    /// <summary>A number that may be empty (null) but not text, from the raw value of <paramref name="column"/>.</summary>
    public static decimal? OptionalAmount(string? raw, string column, List<RowIssue> issues)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (DecimalNormalizer.TryParse(raw, out var value))
        {
            return value;
        }

        issues.Add(new RowIssue(column, raw, $"'{raw}' is not a number"));
        return null;
    }

    private static string InvalidDate(string? raw) => $"'{raw}' is not a valid date ({DateFormats})";
}
