using CrmReco.Core.Import.Reading;
using CrmReco.Core.Normalization;
using C = CrmReco.Core.Import.Columns.Stock;

namespace CrmReco.Core.Import.Mapping;

/// <summary>A raw stock-export row → a <see cref="StockRecord"/>. An empty article, an empty or non-numeric total,
/// a non-numeric reservation or an impossible date quarantine the row; an empty reservation is 0 and an empty
/// date is the file's date.</summary>
public static partial class StockMapper
{
    /// <param name="fileDate">The snapshot date when a row has none (from the file name, else the import day).</param>
    public static MapResult<StockRecord> Map(RawRow row, ColumnMap columns, DateOnly fileDate)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var issues = new List<RowIssue>(0);
        var article = Fields.RequiredText(row, columns, C.Article, "article code", issues);

        var rawTotal = columns.Get(row, C.Total);
        if (!DecimalNormalizer.TryParse(rawTotal, out var total))
        {
            issues.Add(new RowIssue(C.Total, rawTotal, string.IsNullOrWhiteSpace(rawTotal) ? "stock total is empty" : $"stock total '{rawTotal}' is not a number"));
        }

        var reserved = Fields.OptionalAmount(row, columns, C.Reserved, issues) ?? 0m;
        var date = Fields.OptionalDate(row, columns, C.SnapshotDate, fileDate, issues);
        return issues.Count > 0
            ? new MapResult<StockRecord>(null, issues)
            : MapResult<StockRecord>.Ok(new StockRecord(article!, date, total, reserved));
    }

    /// <summary>The first date written in a file name: "stock_2026-10-31.csv", "stock_20261031.csv",
    /// "stock 31-10-2026.xlsx"; null when there is none.</summary>
    public static DateOnly? DateFromFileName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileNameWithoutExtension(path);
        var match = DateInName().Match(name);
        if (!match.Success)
        {
            return null;
        }

        var text = match.Value.Length == 8
            ? $"{match.Value[..4]}-{match.Value[4..6]}-{match.Value[6..]}"
            : match.Value;
        return DateNormalizer.TryParse(text, out var date) ? date : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<!\d)(\d{4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{4}|\d{2}\.\d{2}\.\d{4}|\d{8})(?!\d)")]
    private static partial System.Text.RegularExpressions.Regex DateInName();
}
