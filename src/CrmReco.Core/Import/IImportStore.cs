using CrmReco.Core.Storage;


namespace CrmReco.Core.Import;

/// <summary>Status of an import run or of one file in it.</summary>
public static class ImportStatuses
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    /// <summary>Run finished, some files rejected.</summary>
    public const string Partial = "partial";
    public const string Failed = "failed";
    /// <summary>A run left "running" by a process that died; set when the next run starts.</summary>
    public const string Abandoned = "abandoned";

    public const string FileLoaded = "loaded";
    /// <summary>Same content (SHA-256) already loaded: nothing to do.</summary>
    public const string FileSkipped = "skipped";
    public const string FileRejected = "rejected";
}

/// <summary>Identity of one file being imported.</summary>
public sealed record FileDescriptor(string Path, ExportKind Kind, string Sha256, long SizeBytes, string Format);

/// <summary>A quarantined row: where it is and why it was not loaded.</summary>
public sealed record RejectedRow(string FileName, int LineNumber, string Column, string? RawValue, string Reason);

/// <summary>A sales line with its natural key (see <see cref="SalesLineKey"/>).</summary>
public readonly record struct KeyedSalesLine(string Key, SalesLineRecord Line);

/// <summary>What one file's load changed.</summary>
/// <param name="RowsLoaded">Rows inserted, or (customers, products, stock, contacts) inserted or changed.</param>
/// <param name="RowsDuplicate">Rows already present (sales with a known key; other rows identical to the stored ones).</param>
public readonly record struct LoadCounts(int RowsLoaded, int RowsDuplicate);

/// <summary>Final figures of one file, recorded in the import history.</summary>
public sealed record FileOutcome(
    string Status,
    int RowsRead,
    int RowsLoaded,
    int RowsDuplicate,
    int RowsRejected,
    string? Error,
    TimeSpan Duration);

/// <summary>
/// The database side of an import, for SQLite and PostgreSQL alike. One file = one <see cref="IFileLoad"/> =
/// one transaction: either everything of the file (rows, stubs, quarantined rows, its history line) is
/// committed, or nothing is.
/// </summary>
public interface IImportStore
{
    /// <summary>Creates or upgrades the schema; idempotent.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>Starts an import run (committed at once, status running) and marks runs left running by a dead
    /// process as abandoned. Returns the run id.</summary>
    Task<long> StartImportAsync(string startedBy, CancellationToken cancellationToken = default);

    Task FinishImportAsync(long importId, string status, CancellationToken cancellationToken = default);

    /// <summary>True when a file with this content was already loaded by an earlier run.</summary>
    Task<bool> IsFileLoadedAsync(string sha256, CancellationToken cancellationToken = default);

    /// <summary>Records a file that was skipped or rejected whole (nothing of it is loaded).</summary>
    Task RecordFileAsync(long importId, FileDescriptor file, FileOutcome outcome, CancellationToken cancellationToken = default);

    /// <summary>Opens the transaction in which one file is loaded.</summary>
    Task<IFileLoad> BeginFileAsync(long importId, FileDescriptor file, CancellationToken cancellationToken = default);

    /// <summary>True when the next file may be read and staged while the previous one commits (each file has its
    /// own connection and staging tables; commits stay in file order). False on SQLite: one writer at a time.</summary>
    bool StagesWhileCommitting { get; }
}

/// <summary>One file's load. Rows are staged as they stream in; <see cref="CommitAsync"/> merges them and
/// commits. Disposing without committing rolls everything back.</summary>
public interface IFileLoad : IAsyncDisposable
{
    Task StageProductsAsync(IEnumerable<ProductRecord> products, CancellationToken cancellationToken = default);

    Task StageCustomersAsync(IEnumerable<CustomerRecord> customers, CancellationToken cancellationToken = default);

    Task StageSalesAsync(IEnumerable<KeyedSalesLine> lines, CancellationToken cancellationToken = default);

    /// <summary>Stock snapshots; merged by (article, date), the last row of a key in the file winning.</summary>
    Task StageStockAsync(IEnumerable<StockRecord> stock, CancellationToken cancellationToken = default);

    /// <summary>Marketing contacts; merged by (customer, date, channel, campaign), the last row of a key winning.</summary>
    Task StageContactsAsync(IEnumerable<ContactRecord> contacts, CancellationToken cancellationToken = default);

    /// <summary>Customers seen in sales (or contacts) but maybe absent from the master data: inserted (IsStub) only if missing.</summary>
    Task AddCustomerStubsAsync(IEnumerable<CustomerRecord> stubs, CancellationToken cancellationToken = default);

    /// <summary>Products seen in sales but maybe absent from the catalogue: inserted (IsStub) only if missing.</summary>
    Task AddProductStubsAsync(IEnumerable<ProductRecord> stubs, CancellationToken cancellationToken = default);

    Task AddRejectsAsync(IEnumerable<RejectedRow> rejects, CancellationToken cancellationToken = default);

    /// <summary>Merges staged rows (stubs first, so sales always find their customer and product), records the
    /// file in the history with <paramref name="outcome"/> completed by the counts, and commits.</summary>
    Task<LoadCounts> CommitAsync(Func<LoadCounts, FileOutcome> outcome, CancellationToken cancellationToken = default);
}
