using CrmReco.Core.Import.Reading;
using CrmReco.Core.Normalization;
using C = CrmReco.Core.Import.Columns.Sales;

namespace CrmReco.Core.Import.Mapping;

/// <summary>A raw sales-export row → a validated <see cref="SalesLineRecord"/>, or every reason it cannot be used.</summary>
public static class SalesLineMapper
{
    public static MapResult<SalesLineRecord> Map(RawRow row, ColumnMap columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var at = Positions.Of(columns);
        var issues = new List<RowIssue>(0);
        var customer = Fields.RequiredText(row[at.ClientCode], C.ClientCode, "customer code", issues);
        var date = Fields.RequiredDate(row[at.Date], C.Date, "date", issues);
        var document = Fields.RequiredText(row[at.DocumentNo], C.DocumentNo, "document number", issues);

        var rawType = row[at.DocumentType];
        if (!DocumentTypeNormalizer.TryParse(rawType, out var type))
        {
            issues.Add(new RowIssue(C.DocumentType, rawType, $"unknown document type '{rawType}' (expected VENTE, FACTURE, BL or AVOIR)"));
        }

        var rawQuantity = row[at.Quantity];
        if (!DecimalNormalizer.TryParse(rawQuantity, out var quantity))
        {
            issues.Add(new RowIssue(C.Quantity, rawQuantity, string.IsNullOrWhiteSpace(rawQuantity) ? "quantity is empty" : $"quantity '{rawQuantity}' is not a number"));
        }

        var unitPrice = Fields.OptionalAmount(row[at.UnitPriceHt], C.UnitPriceHt, issues);
        var amountHt = Fields.OptionalAmount(row[at.AmountHt], C.AmountHt, issues);
        var amountTtc = Fields.OptionalAmount(row[at.AmountTtc], C.AmountTtc, issues);
        var margin = Fields.OptionalAmount(row[at.Margin], C.Margin, issues);
        var rawLineNo = row[at.LineNo];
        int? lineNo = null;
        if (!string.IsNullOrWhiteSpace(rawLineNo))
        {
            if (DecimalNormalizer.TryParseInt(rawLineNo, out var n))
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
            // A credit note is a return: its quantities and amounts count against the sale, whatever their printed sign.
            quantity = -Math.Abs(quantity);
            amountHt = -Abs(amountHt);
            amountTtc = -Abs(amountTtc);
            margin = -Abs(margin);
        }

        var label = TextNormalizer.Clean(row[at.Label]);
        var bottlesPerUnit = BottlesPerUnit(label);
        var email = EmailNormalizer.Normalize(row[at.Email]).Email;
        return MapResult<SalesLineRecord>.Ok(new SalesLineRecord(
            customer!,
            date,
            document!,
            type,
            lineNo,
            TextNormalizer.Clean(row[at.Article]),
            label,
            quantity,
            quantity * bottlesPerUnit,
            unitPrice,
            amountHt,
            amountTtc,
            margin,
            email,
            PostalCodeNormalizer.Normalize(row[at.PostalCode]),
            TextNormalizer.City(row[at.City]),
            row.LineNumber));
    }

    /// <summary>A customer known only from its sales line (absent from the customers export).</summary>
    public static CustomerRecord StubCustomerFrom(SalesLineRecord line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return StubCustomer(line.CustomerCode, line.Email, line.PostalCode, line.City);
    }

    /// <summary>A customer known only from the contact fields of its sales lines.</summary>
    public static CustomerRecord StubCustomer(string code, string? email, string? postalCode, string? city)
    {
        var normalized = EmailNormalizer.Normalize(email);
        return new CustomerRecord(code, null, null, normalized.Email, normalized.IsValid, null, null, postalCode, city, null, IsStub: true);
    }

    /// <summary>A product known only from a sales line (absent from the catalogue); null without an article code.</summary>
    public static ProductRecord? StubProductFrom(SalesLineRecord line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.Article is null ? null : StubProduct(line.Article, line.Label);
    }

    /// <summary>A product known only from the label of its sales lines.</summary>
    public static ProductRecord StubProduct(string article, string? label) =>
        new(article, label, ProductLabelParser.Parse(label), null, null, null, null, null, null, IsStub: true);

    // A catalogue has a few hundred labels and an export repeats them on every line: parse each once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, decimal> BottlesByLabel = new(StringComparer.Ordinal);

    private static decimal BottlesPerUnit(string? label)
    {
        if (label is null)
        {
            return 1m;
        }

        if (BottlesByLabel.TryGetValue(label, out var cached))
        {
            return cached;
        }

        var bottles = ProductLabelParser.Parse(label).BottlesPerUnit;
        if (BottlesByLabel.Count < 100_000)
        {
            BottlesByLabel.TryAdd(label, bottles);
        }

        return bottles;
    }

    private static decimal? Abs(decimal? value) => value is { } v ? Math.Abs(v) : null;

    /// <summary>Where each column sits (-1 when absent, which reads as null), resolved once per file rather than
    /// by fifteen dictionary look-ups per row; the last map is kept per thread.</summary>
    private sealed class Positions
    {
        [ThreadStatic]
        private static Positions? t_last;

        private Positions(ColumnMap map)
        {
            Map = map;
            ClientCode = map.IndexOf(C.ClientCode);
            Date = map.IndexOf(C.Date);
            DocumentNo = map.IndexOf(C.DocumentNo);
            DocumentType = map.IndexOf(C.DocumentType);
            Quantity = map.IndexOf(C.Quantity);
            UnitPriceHt = map.IndexOf(C.UnitPriceHt);
            AmountHt = map.IndexOf(C.AmountHt);
            AmountTtc = map.IndexOf(C.AmountTtc);
            Margin = map.IndexOf(C.Margin);
            LineNo = map.IndexOf(C.LineNo);
            Label = map.IndexOf(C.Label);
            Email = map.IndexOf(C.Email);
            Article = map.IndexOf(C.Article);
            PostalCode = map.IndexOf(C.PostalCode);
            City = map.IndexOf(C.City);
        }

        public ColumnMap Map { get; }

        public int ClientCode { get; }

        public int Date { get; }

        public int DocumentNo { get; }

        public int DocumentType { get; }

        public int Quantity { get; }

        public int UnitPriceHt { get; }

        public int AmountHt { get; }

        public int AmountTtc { get; }

        public int Margin { get; }

        public int LineNo { get; }

        public int Label { get; }

        public int Email { get; }

        public int Article { get; }

        public int PostalCode { get; }

        public int City { get; }

        public static Positions Of(ColumnMap map)
        {
            var last = t_last;
            if (last is null || !ReferenceEquals(last.Map, map))
            {
                last = new Positions(map);
                t_last = last;
            }

            return last;
        }
    }
}
