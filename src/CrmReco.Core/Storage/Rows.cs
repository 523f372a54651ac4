using LinqToDB.Mapping;

namespace CrmReco.Core.Storage;

/// <summary>An import run as stored (linq2db mapping of <c>imports</c>).</summary>
[Table("imports")]
public sealed class ImportRow
{
    [Column("id"), PrimaryKey] public long Id { get; set; }
    [Column("started_at")] public DateTimeOffset StartedAt { get; set; }
    [Column("finished_at")] public DateTimeOffset? FinishedAt { get; set; }
    [Column("status")] public string Status { get; set; } = "";
    [Column("started_by")] public string StartedBy { get; set; } = "";
    [Column("files")] public int Files { get; set; }
    [Column("rows_read")] public int RowsRead { get; set; }
    [Column("rows_loaded")] public int RowsLoaded { get; set; }
    [Column("rows_duplicate")] public int RowsDuplicate { get; set; }
    [Column("rows_rejected")] public int RowsRejected { get; set; }
}

/// <summary>One file of an import run (<c>import_files</c>).</summary>
[Table("import_files")]
public sealed class ImportFileRow
{
    [Column("id"), PrimaryKey] public long Id { get; set; }
    [Column("import_id")] public long ImportId { get; set; }
    [Column("path")] public string Path { get; set; } = "";
    [Column("file_name")] public string FileName { get; set; } = "";
    [Column("kind")] public string Kind { get; set; } = "";
    [Column("sha256")] public string Sha256 { get; set; } = "";
    [Column("size_bytes")] public long SizeBytes { get; set; }
    [Column("format")] public string Format { get; set; } = "";
    [Column("status")] public string Status { get; set; } = "";
    [Column("rows_read")] public int RowsRead { get; set; }
    [Column("rows_loaded")] public int RowsLoaded { get; set; }
    [Column("rows_duplicate")] public int RowsDuplicate { get; set; }
    [Column("rows_rejected")] public int RowsRejected { get; set; }
    [Column("error")] public string? Error { get; set; }
    [Column("duration_ms")] public long DurationMs { get; set; }
}

/// <summary>A quarantined row (<c>rejected_rows</c>).</summary>
[Table("rejected_rows")]
public sealed class RejectedRowRow
{
    [Column("id"), PrimaryKey] public long Id { get; set; }
    [Column("import_id")] public long ImportId { get; set; }
    [Column("import_file_id")] public long ImportFileId { get; set; }
    [Column("file_name")] public string FileName { get; set; } = "";
    [Column("line_number")] public int LineNumber { get; set; }
    [Column("column_name")] public string Column { get; set; } = "";
    [Column("raw_value")] public string? RawValue { get; set; }
    [Column("reason")] public string Reason { get; set; } = "";
}

/// <summary>A customer as stored (<c>customers</c>).</summary>
[Table("customers")]
public sealed class CustomerRow
{
    [Column("code"), PrimaryKey] public string Code { get; set; } = "";
    [Column("last_name")] public string? LastName { get; set; }
    [Column("first_name")] public string? FirstName { get; set; }
    [Column("email")] public string? Email { get; set; }
    [Column("email_valid")] public bool EmailValid { get; set; }
    [Column("phone")] public string? Phone { get; set; }
    [Column("address")] public string? Address { get; set; }
    [Column("postal_code")] public string? PostalCode { get; set; }
    [Column("city")] public string? City { get; set; }
    [Column("country")] public string? Country { get; set; }
    [Column("is_stub")] public bool IsStub { get; set; }
    /// <summary>Null: never recorded (soft opt-in for existing customers); false: opted out (final until a new opt-in).</summary>
    [Column("email_consent")] public bool? EmailConsent { get; set; }
    [Column("erased_at")] public DateTimeOffset? ErasedAt { get; set; }

    /// <summary>See <see cref="Emailable"/>.</summary>
    public bool IsEmailable => Emailable(EmailValid, IsStub, EmailConsent, ErasedAt is not null);

    /// <summary>May receive marketing email: a valid address, a real (not stub) customer, not opted out, not
    /// erased. The one rule behind the guardrail, the customer page and the export.</summary>
    public static bool Emailable(bool emailValid, bool isStub, bool? emailConsent, bool erased) =>
        emailValid && !isStub && emailConsent != false && !erased;
}

/// <summary>A product as stored (<c>products</c>).</summary>
[Table("products")]
public sealed class ProductRow
{
    [Column("article"), PrimaryKey] public string Article { get; set; } = "";
    [Column("label")] public string? Label { get; set; }
    [Column("variety")] public string? Variety { get; set; }
    [Column("vintage")] public int? Vintage { get; set; }
    [Column("colour")] public string? Colour { get; set; }
    [Column("is_sparkling")] public bool IsSparkling { get; set; }
    [Column("is_late_harvest")] public bool IsLateHarvest { get; set; }
    [Column("is_grand_cru")] public bool IsGrandCru { get; set; }
    [Column("bottles_per_unit")] public decimal BottlesPerUnit { get; set; }
    [Column("family")] public string? Family { get; set; }
    [Column("sub_family")] public string? SubFamily { get; set; }
    [Column("macro_category")] public string? MacroCategory { get; set; }
    [Column("price_ttc")] public decimal? PriceTtc { get; set; }
    [Column("price_band")] public string? PriceBand { get; set; }
    [Column("premium_tier")] public string? PremiumTier { get; set; }
    [Column("is_stub")] public bool IsStub { get; set; }
}
