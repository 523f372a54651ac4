using System.Globalization;
using CrmReco.Core.Import.Reading;

namespace CrmReco.Core.Import;

/// <summary>The checks every row passes before its mapper sees it: a defect the reader found, a value over its
/// column's cap (<see cref="Columns.MaxLength"/>), a NUL character (the databases cannot store it).</summary>
internal static class RowChecks
{
    /// <summary>Raw values kept with a quarantined row are cut to this many characters.</summary>
    public const int MaxRawValueChars = 200;

    public static RowIssue? Check(in RawRow row, ColumnMap columns)
    {
        if (row.Defect is { } defect)
        {
            return new RowIssue(defect.Column, Excerpt(defect.RawValue), defect.Reason);
        }

        foreach (var column in columns.Present)
        {
            if (columns.Get(row, column) is not { } value)
            {
                continue;
            }

            var max = Columns.MaxLength(column);
            if (value.Length > max)
            {
                return new RowIssue(column, Excerpt(value), string.Create(
                    CultureInfo.InvariantCulture,
                    $"{column} is {value.Length:N0} characters long, over the limit of {max:N0} for this column"));
            }

            if (value.Contains('\0', StringComparison.Ordinal))
            {
                return new RowIssue(column, Excerpt(value.Replace("\0", "\\0", StringComparison.Ordinal)),
                    $"{column} contains a NUL character (U+0000): the file's encoding was probably misread");
            }
        }

        return null;
    }

    /// <summary>The first <see cref="MaxRawValueChars"/> characters of a value, marked when cut.</summary>
    public static string? Excerpt(string? value) =>
        value is null || value.Length <= MaxRawValueChars ? value : string.Concat(value.AsSpan(0, MaxRawValueChars), "…");
}
