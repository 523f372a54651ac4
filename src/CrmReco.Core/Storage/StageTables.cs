using CrmReco.Core.Import;
using NpgsqlTypes;

namespace CrmReco.Core.Storage;

/// <summary>A column of a staging or bulk-loaded table, with its type for each provider.</summary>
internal sealed record StageColumn(string Name, string PgType, NpgsqlDbType NpgsqlType, string SqliteType)
{
    public static StageColumn Text(string name) => new(name, "text", NpgsqlDbType.Text, "TEXT");

    public static StageColumn Int(string name) => new(name, "integer", NpgsqlDbType.Integer, "INTEGER");

    public static StageColumn Long(string name) => new(name, "bigint", NpgsqlDbType.Bigint, "INTEGER");

    public static StageColumn Bool(string name) => new(name, "boolean", NpgsqlDbType.Boolean, "INTEGER");

    public static StageColumn Money(string name) => new(name, "numeric", NpgsqlDbType.Numeric, "REAL");

    public static StageColumn Date(string name) => new(name, "date", NpgsqlDbType.Date, "TEXT");
}

/// <summary>The staging tables rows stream into before the set-based merge, and how a record becomes a row.
/// Stubs go to the same tables, flagged is_stub, and merge with "insert if missing".</summary>
internal static class StageTables
{
    public static readonly StageColumn[] Products =
    [
        StageColumn.Text("article"), StageColumn.Text("label"), StageColumn.Text("variety"), StageColumn.Int("vintage"),
        StageColumn.Text("colour"), StageColumn.Bool("is_sparkling"), StageColumn.Bool("is_late_harvest"), StageColumn.Bool("is_grand_cru"),
        StageColumn.Money("bottles_per_unit"), StageColumn.Text("family"), StageColumn.Text("sub_family"), StageColumn.Text("macro_category"),
        StageColumn.Money("price_ttc"), StageColumn.Text("price_band"), StageColumn.Text("premium_tier"), StageColumn.Bool("is_stub"),
        StageColumn.Int("source_line"),
    ];

    public static readonly StageColumn[] Customers =
    [
        StageColumn.Text("code"), StageColumn.Text("last_name"), StageColumn.Text("first_name"), StageColumn.Text("email"),
        StageColumn.Bool("email_valid"), StageColumn.Text("phone"), StageColumn.Text("address"), StageColumn.Text("postal_code"),
        StageColumn.Text("city"), StageColumn.Text("country"), StageColumn.Bool("is_stub"), StageColumn.Int("source_line"),
    ];

    public static readonly StageColumn[] Sales =
    [
        StageColumn.Text("line_key"), StageColumn.Text("customer_code"), StageColumn.Text("article"), StageColumn.Text("document_no"),
        StageColumn.Text("document_type"), StageColumn.Int("line_no"), StageColumn.Date("sale_date"), StageColumn.Text("label"),
        StageColumn.Money("quantity"), StageColumn.Money("bottles"), StageColumn.Money("unit_price_ht"), StageColumn.Money("amount_ht"),
        StageColumn.Money("amount_ttc"), StageColumn.Money("margin"), StageColumn.Text("email"), StageColumn.Text("postal_code"),
        StageColumn.Text("city"), StageColumn.Int("source_line"),
    ];

    public static readonly StageColumn[] Stock =
    [
        StageColumn.Text("article"), StageColumn.Date("snapshot_date"), StageColumn.Money("stock_total"), StageColumn.Money("stock_reserve"),
        StageColumn.Int("source_line"),
    ];

    public static readonly StageColumn[] Contacts =
    [
        StageColumn.Text("customer_code"), StageColumn.Date("contact_date"), StageColumn.Text("channel"), StageColumn.Text("campaign_id"),
        StageColumn.Text("status"), StageColumn.Text("status_text"), StageColumn.Int("source_line"),
    ];

    public static readonly StageColumn[] Rejects =
    [
        StageColumn.Long("import_id"), StageColumn.Long("import_file_id"), StageColumn.Text("file_name"), StageColumn.Int("line_number"),
        StageColumn.Text("column_name"), StageColumn.Text("raw_value"), StageColumn.Text("reason"),
    ];

    /// <summary>Stubs carry no source line; they sort before any real row.</summary>
    private const int StubLine = 0;

    public static object?[] Row(ProductRecord p, int sourceLine) =>
    [
        p.Article, p.Label, p.Wine.Variety, p.Wine.Vintage, p.Wine.Colour, p.Wine.Sparkling, p.Wine.LateHarvest, p.Wine.GrandCru,
        p.Wine.BottlesPerUnit, p.Family, p.SubFamily, p.MacroCategory, p.PriceTtc, p.PriceBand, p.PremiumTier, p.IsStub,
        p.IsStub ? StubLine : sourceLine,
    ];

    public static object?[] Row(CustomerRecord c, int sourceLine) =>
    [
        c.Code, c.LastName, c.FirstName, c.Email, c.EmailValid, c.Phone, c.Address, c.PostalCode, c.City, c.Country, c.IsStub,
        c.IsStub ? StubLine : sourceLine,
    ];

    public static object?[] Row(KeyedSalesLine keyed)
    {
        var s = keyed.Line;
        return
        [
            keyed.Key, s.CustomerCode, s.Article, s.DocumentNo, s.DocumentType == DocumentType.CreditNote ? SalesLineRules.CreditNote : "sale",
            s.LineNo, s.Date, s.Label, s.Quantity, s.Bottles, s.UnitPriceHt, s.AmountHt, s.AmountTtc, s.Margin, s.Email,
            s.PostalCode, s.City, s.SourceLine,
        ];
    }

    public static object?[] Row(StockRecord s, int sourceLine) => [s.Article, s.SnapshotDate, s.Total, s.Reserved, sourceLine];

    public static object?[] Row(ContactRecord c, int sourceLine) => [c.CustomerCode, c.Date, c.Channel, c.Campaign, c.Status, c.StatusText, sourceLine];

    public static object?[] Row(long importId, long fileId, RejectedRow r) =>
        [importId, fileId, r.FileName, r.LineNumber, r.Column, r.RawValue, r.Reason];
}
