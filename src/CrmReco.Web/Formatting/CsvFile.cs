using System.Globalization;
using System.Text;

namespace CrmReco.Web.Formatting;

/// <summary>A table as a CSV download built in the browser: ";"-separated with a byte-order mark (as French Excel
/// opens it), values as shown on the page, and a cell starting with = + - @ (or a tab or carriage return) prefixed
/// with an apostrophe so a spreadsheet never runs it as a formula (CSV injection; the API's exports do the same).</summary>
public static class CsvFile
{
    public static string Escape(string? value) =>
        string.IsNullOrEmpty(value) ? string.Empty : value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    public static string Text(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        void Line(IEnumerable<string?> cells) => text.AppendJoin(';', cells.Select(c => Quote(Escape(c)))).Append("\r\n");
        Line(header);
        foreach (var row in rows)
        {
            Line(row);
        }

        return text.ToString();
    }

    /// <summary>A data: address the browser downloads with the link's <c>download</c> name (no JavaScript, no
    /// second request: the figures are already on the page).</summary>
    public static string DataUri(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows) =>
        "data:text/csv;charset=utf-8," + Uri.EscapeDataString("\uFEFF" + Text(header, rows));

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(";\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}

/// <summary>Numbers in a CSV cell: the current culture's decimal mark, no grouping and no currency sign, so a
/// spreadsheet in that language reads them as numbers.</summary>
public static class Csv
{
    public static string Amount(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.CurrentCulture);

    public static string Amount(double? value) => value is { } v ? Amount(v) : string.Empty;

    public static string Whole(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Date(DateOnly? date) => date?.ToString("d", CultureInfo.CurrentCulture) ?? string.Empty;
}
