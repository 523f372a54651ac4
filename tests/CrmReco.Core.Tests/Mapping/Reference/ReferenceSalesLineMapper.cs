using CrmReco.Core.Import;
using CrmReco.Core.Import.Reading;
using CrmReco.Core.Normalization;
using CrmReco.Core.Tests.Normalization.Reference;
using C = CrmReco.Core.Import.Columns.Sales;

namespace CrmReco.Core.Tests.Mapping.Reference;

/// <summary>SalesLineMapper.Map and the Fields checks it used as they were before the fast paths (main at 6e3bc3c),
/// over the original normalizers: the reference of the differential test.</summary>
internal static class ReferenceSalesLineMapper
{
    public static MapResult<SalesLineRecord> Map(RawRow row, ColumnMap columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var issues = new List<RowIssue>(0);
        var customer = RequiredText(row, columns, C.ClientCode, "customer code", issues);
        var date = RequiredDate(row, columns, C.Date, "date", issues);
        var document = RequiredText(row, columns, C.DocumentNo, "document number", issues);

        var rawType = columns.Get(row, C.DocumentType);
        if (!ReferenceDocumentTypeNormalizer.TryParse(rawType, out var type))
        {
            issues.Add(new RowIssue(C.DocumentType, rawType, $"unknown document type '{rawType}' (expected VENTE, FACTURE, BL or AVOIR)"));
        }

        var rawQuantity = columns.Get(row, C.Quantity);
        if (!ReferenceDecimalNormalizer.TryParse(rawQuantity, out var quantity))
        {
            issues.Add(new RowIssue(C.Quantity, rawQuantity, string.IsNullOrWhiteSpace(rawQuantity) ? "quantity is empty" : $"quantity '{rawQuantity}' is not a number"));
        }

        var unitPrice = OptionalAmount(row, columns, C.UnitPriceHt, issues);
        var amountHt = OptionalAmount(row, columns, C.AmountHt, issues);
        var amountTtc = OptionalAmount(row, columns, C.AmountTtc, issues);
        var margin = OptionalAmount(row, columns, C.Margin, issues);
        var rawLineNo = columns.Get(row, C.LineNo);
        int? lineNo = null;
        if (!string.IsNullOrWhiteSpace(rawLineNo))
        {
            if (ReferenceDecimalNormalizer.TryParseInt(rawLineNo, out var n))
            {
                lineNo = n;
            }
            else
            {
                issues.Add(new RowIssue(C.LineNo, rawLineNo, $"line number '{rawLineNo}' is not a whole number"));
            }
        }

        if (issues.Count > 0)
        {
            return new MapResult<SalesLineRecord>(null, issues);
        }

        if (type == DocumentType.CreditNote)
        {
            quantity = -Math.Abs(quantity);
            amountHt = -Abs(amountHt);
            amountTtc = -Abs(amountTtc);
            margin = -Abs(margin);
        }

        var label = ReferenceTextNormalizer.Clean(columns.Get(row, C.Label));
        var bottlesPerUnit = label is null ? 1m : ProductLabelParser.Parse(label).BottlesPerUnit;
        var email = ReferenceEmailNormalizer.Normalize(columns.Get(row, C.Email)).Email;
        return MapResult<SalesLineRecord>.Ok(new SalesLineRecord(
            customer!,
            date,
            document!,
            type,
            lineNo,
            ReferenceTextNormalizer.Clean(columns.Get(row, C.Article)),
            label,
            quantity,
            quantity * bottlesPerUnit,
            unitPrice,
            amountHt,
            amountTtc,
            margin,
            email,
            ReferencePostalCodeNormalizer.Normalize(columns.Get(row, C.PostalCode)),
            ReferenceTextNormalizer.City(columns.Get(row, C.City)),
            row.LineNumber));
    }

    private static string? RequiredText(RawRow row, ColumnMap columns, string column, string what, List<RowIssue> issues)
    {
        var value = ReferenceTextNormalizer.Clean(columns.Get(row, column));
        if (value is null)
        {
            issues.Add(new RowIssue(column, columns.Get(row, column), $"{what} is empty"));
        }

        return value;
    }

    private static DateOnly RequiredDate(RawRow row, ColumnMap columns, string column, string what, List<RowIssue> issues)
    {
        var raw = columns.Get(row, column);
        if (!ReferenceDateNormalizer.TryParse(raw, out var date))
        {
            issues.Add(new RowIssue(column, raw, string.IsNullOrWhiteSpace(raw) ? $"{what} is empty" : $"'{raw}' is not a valid date (expected dd/mm/yyyy, yyyy-mm-dd or an Excel serial)"));
        }

        return date;
    }

    private static decimal? OptionalAmount(RawRow row, ColumnMap columns, string column, List<RowIssue> issues)
    {
        var raw = columns.Get(row, column);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (ReferenceDecimalNormalizer.TryParse(raw, out var value))
        {
            return value;
        }

        issues.Add(new RowIssue(column, raw, $"'{raw}' is not a number"));
        return null;
    }

    private static decimal? Abs(decimal? value) => value is { } v ? Math.Abs(v) : null;
}
