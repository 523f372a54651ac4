namespace CrmReco.Core.Import;

/// <summary>A customer as loaded: every field already normalized.</summary>
/// <param name="Code">The ERP customer code (primary key).</param>
/// <param name="EmailValid">False when <paramref name="Email"/> is missing or not a deliverable address:
/// the customer is kept but never emailed.</param>
/// <param name="IsStub">True when created from a sales line because the customers export lacked it.</param>
public sealed record CustomerRecord(
    string Code,
    string? LastName,
    string? FirstName,
    string? Email,
    bool EmailValid,
    string? Phone,
    string? Address,
    string? PostalCode,
    string? City,
    string? Country,
    bool IsStub);

/// <summary>What a product label says about the wine (see <c>ProductLabelParser</c>).</summary>
/// <param name="Variety">Canonical grape variety ("Riesling", "Gewurztraminer", "Pinot Gris", …) or null.</param>
/// <param name="Colour">"white", "red", "rose" or null when unknown.</param>
/// <param name="BottlesPerUnit">75 cl bottle-equivalents per unit sold: 6 for a carton of 6, 2 for a magnum,
/// 0.5 for a half bottle, 1 otherwise.</param>
public sealed record WineAttributes(
    string? Variety,
    int? Vintage,
    string? Colour,
    bool Sparkling,
    bool LateHarvest,
    bool GrandCru,
    decimal BottlesPerUnit)
{
    public static readonly WineAttributes Unknown = new(null, null, null, false, false, false, 1m);
}

/// <summary>A catalogue product as loaded.</summary>
/// <param name="Article">The ERP article code (primary key, the join key from sales).</param>
public sealed record ProductRecord(
    string Article,
    string? Label,
    WineAttributes Wine,
    string? Family,
    string? SubFamily,
    string? MacroCategory,
    decimal? PriceTtc,
    string? PriceBand,
    string? PremiumTier,
    bool IsStub);

/// <summary>Sale or credit note, from the export's document type.</summary>
public enum DocumentType
{
    Sale = 0,
    CreditNote = 1,
}

/// <summary>One sales line as loaded. Quantities and amounts are negative on credit notes.</summary>
/// <param name="SourceLine">The physical line number in the file (1-based, header is line 1).</param>
/// <param name="Bottles">75 cl bottle-equivalents: <paramref name="Quantity"/> × the product's bottles per unit.</param>
public sealed record SalesLineRecord(
    string CustomerCode,
    DateOnly Date,
    string DocumentNo,
    DocumentType DocumentType,
    int? LineNo,
    string? Article,
    string? Label,
    decimal Quantity,
    decimal Bottles,
    decimal? UnitPriceHt,
    decimal? AmountHt,
    decimal? AmountTtc,
    decimal? Margin,
    string? Email,
    string? PostalCode,
    string? City,
    int SourceLine);

/// <summary>Why one field of one row could not be used. The row is quarantined with it.</summary>
public sealed record RowIssue(string Column, string? RawValue, string Reason);

/// <summary>The outcome of mapping one raw row: a record, or the issues that quarantine it.</summary>
public readonly record struct MapResult<T>(T? Record, IReadOnlyList<RowIssue> Issues)
    where T : class
{
    public bool IsValid => Record is not null;

    public static MapResult<T> Ok(T record) => new(record, []);

    public static MapResult<T> Rejected(params RowIssue[] issues) => new(null, issues);
}

/// <summary>One article's stock on one day, as loaded. Quantities are in units as sold (bottles, cartons).</summary>
/// <param name="Reserved">Already promised to orders; 0 when the export has no such column or cell.</param>
public sealed record StockRecord(string Article, DateOnly SnapshotDate, decimal Total, decimal Reserved)
{
    /// <summary>What can still be sold: total − reserved.</summary>
    public decimal Available => Total - Reserved;
}

/// <summary>One past marketing contact, as loaded. Its natural key is (customer, date, channel, campaign).</summary>
/// <param name="Channel">One of <see cref="ContactChannels"/>.</param>
/// <param name="Campaign">The campaign id, empty when the export has none.</param>
/// <param name="Status">One of <see cref="ContactStatuses"/>.</param>
/// <param name="StatusText">The status as the export wrote it (cleaned), null when empty.</param>
public sealed record ContactRecord(string CustomerCode, DateOnly Date, string Channel, string Campaign, string Status, string? StatusText);

/// <summary>Contact channels as stored.</summary>
public static class ContactChannels
{
    public const string Email = "EMAIL";
    public const string Sms = "SMS";
    public const string Phone = "PHONE";
    public const string Post = "POST";

    /// <summary>The export left the channel empty.</summary>
    public const string Unknown = "UNKNOWN";
}

/// <summary>Contact statuses as stored. Every status but <see cref="Failed"/>, <see cref="Bounced"/>,
/// <see cref="Cancelled"/> and <see cref="Planned"/> means the customer was reached.</summary>
public static class ContactStatuses
{
    public const string Sent = "sent";
    public const string Opened = "opened";
    public const string Clicked = "clicked";
    public const string Replied = "replied";
    public const string Unsubscribed = "unsubscribed";
    public const string Bounced = "bounced";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Planned = "planned";

    /// <summary>The export left the status empty.</summary>
    public const string Unknown = "unknown";

    /// <summary>A status word CrmReco does not know; the original is kept in the status text.</summary>
    public const string Other = "other";

    /// <summary>The statuses that mean the contact did not reach the customer (they do not start a silence window).</summary>
    public static readonly IReadOnlyList<string> NotReached = [Bounced, Failed, Cancelled, Planned];
}
