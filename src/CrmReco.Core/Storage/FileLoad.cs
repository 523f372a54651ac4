using System.Data.Common;
using CrmReco.Core.Import;

namespace CrmReco.Core.Storage;

/// <summary>One file's transaction: rows stream into temporary staging tables, then one set-based merge.</summary>
internal sealed class FileLoad(ImportStore store, SqlDatabase database, DbConnection connection, DbTransaction transaction, long importId, FileDescriptor file)
    : IFileLoad
{
    public static readonly (string Name, StageColumn[] Columns)[] StagingTables =
    [
        ("stage_products", StageTables.Products),
        ("stage_customers", StageTables.Customers),
        ("stage_sales", StageTables.Sales),
        ("stage_stock", StageTables.Stock),
        ("stage_contacts", StageTables.Contacts),
    ];

    /// <summary>The page cache a file load gives SQLite, handed back when the file is done. 24 MB: a 1M-line load
    /// was as fast as with 64 MB and its peak memory 40–50 MB lower (docs/benchmarks.md); a 100k-line load uses at
    /// most 19.5 MB of it.</summary>
    internal const int SqliteCacheKilobytes = 24_576;

    private readonly List<RejectedRow> _rejects = [];
    private int _stagedSales;
    /// <summary>Sales lines already inserted by <see cref="StageSalesAsync"/> (SQLite); null when they merge at commit.</summary>
    private int? _loadedSales;
    private bool _committed;

    public async Task StageProductsAsync(IEnumerable<ProductRecord> products, CancellationToken cancellationToken = default) =>
        await database.BulkInsertAsync(connection, transaction, "stage_products", StageTables.Products, products.Select((p, i) => StageTables.Row(p, i + 1)), cancellationToken);

    public async Task StageCustomersAsync(IEnumerable<CustomerRecord> customers, CancellationToken cancellationToken = default) =>
        await database.BulkInsertAsync(connection, transaction, "stage_customers", StageTables.Customers, customers.Select((c, i) => StageTables.Row(c, i + 1)), cancellationToken);

    public async Task StageSalesAsync(IEnumerable<KeyedSalesLine> lines, CancellationToken cancellationToken = default)
    {
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            // PostgreSQL merges once, at commit: SalesForeignKeys decides from the whole file's count.
            _stagedSales += await database.BulkInsertAsync(connection, transaction, "stage_sales", StageTables.Sales, lines.Select(StageTables.Row), cancellationToken);
            return;
        }

        // SQLite: straight into sales_lines, a known key skipped, while the next rows are read (ReadAhead); no staging
        // table to write and read back. The lines go in before their stubs (added at commit): the foreign keys are
        // checked when the transaction commits instead of per line.
        await SqlDatabase.ExecuteAsync(connection, transaction, "PRAGMA defer_foreign_keys = ON", cancellationToken);
        _loadedSales = (_loadedSales ?? 0) + await SqliteDatabase.InsertNewRowsAsync(connection, "sales_lines", StageTables.Sales, "line_key", ("import_id", importId),
            lines.Select(line =>
            {
                _stagedSales++;
                return StageTables.Row(line);
            }),
            cancellationToken);
    }

    /// <summary>The staged rows into sales_lines; a key already there (or earlier in the file) is a duplicate.</summary>
    private Task<int> MergeSalesAsync(CancellationToken cancellationToken) =>
        SqlDatabase.ExecuteAsync(connection, transaction, """
            INSERT INTO sales_lines (line_key, import_id, customer_code, article, document_no, document_type, line_no, sale_date, label,
                                     quantity, bottles, unit_price_ht, amount_ht, amount_ttc, margin, email, postal_code, city, source_line)
            SELECT line_key, @import, customer_code, article, document_no, document_type, line_no, sale_date, label,
                   quantity, bottles, unit_price_ht, amount_ht, amount_ttc, margin, email, postal_code, city, source_line
            FROM stage_sales WHERE TRUE
            ON CONFLICT (line_key) DO NOTHING
            """, cancellationToken, ("import", importId));

    public async Task StageStockAsync(IEnumerable<StockRecord> stock, CancellationToken cancellationToken = default) =>
        await database.BulkInsertAsync(connection, transaction, "stage_stock", StageTables.Stock, stock.Select((s, i) => StageTables.Row(s, i + 1)), cancellationToken);

    public async Task StageContactsAsync(IEnumerable<ContactRecord> contacts, CancellationToken cancellationToken = default) =>
        await database.BulkInsertAsync(connection, transaction, "stage_contacts", StageTables.Contacts, contacts.Select((c, i) => StageTables.Row(c, i + 1)), cancellationToken);

    public Task AddCustomerStubsAsync(IEnumerable<CustomerRecord> stubs, CancellationToken cancellationToken = default) =>
        StageCustomersAsync(stubs.Select(s => s with { IsStub = true }), cancellationToken);

    public Task AddProductStubsAsync(IEnumerable<ProductRecord> stubs, CancellationToken cancellationToken = default) =>
        StageProductsAsync(stubs.Select(s => s with { IsStub = true }), cancellationToken);

    public Task AddRejectsAsync(IEnumerable<RejectedRow> rejects, CancellationToken cancellationToken = default)
    {
        _rejects.AddRange(rejects);
        return Task.CompletedTask;
    }

    public async Task<LoadCounts> CommitAsync(Func<LoadCounts, FileOutcome> outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var d = database.Distinct;
        var now = store.Now;
        (string, object?)[] p = [("import", importId), ("now", now)];
        // Before the stubs below: the lock order must be the same in every run.
        var checkKeysOnce = database.Provider == DatabaseProvider.PostgreSql && file.Kind == ExportKind.Sales
            && await SalesForeignKeys.TryDropAsync(connection, transaction, _stagedSales, cancellationToken);

        // Masters: the last row of a code in the file wins (numbered by a window over the staged rows: one sort, no
        // index or statistics to build on them); an identical row changes nothing and counts as duplicate.
        var products = await SqlDatabase.ExecuteAsync(connection, transaction, $"""
            INSERT INTO products (article, label, variety, vintage, colour, is_sparkling, is_late_harvest, is_grand_cru, bottles_per_unit,
                                  family, sub_family, macro_category, price_ttc, price_band, premium_tier, is_stub, created_import_id, updated_import_id, updated_at)
            SELECT article, label, variety, vintage, colour, is_sparkling, is_late_harvest, is_grand_cru, bottles_per_unit,
                   family, sub_family, macro_category, price_ttc, price_band, premium_tier, FALSE, @import, @import, @now
            FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY article ORDER BY source_line DESC) AS latest FROM stage_products WHERE is_stub = FALSE) s
            WHERE s.latest = 1
            ON CONFLICT (article) DO UPDATE SET
                label = excluded.label, variety = excluded.variety, vintage = excluded.vintage, colour = excluded.colour,
                is_sparkling = excluded.is_sparkling, is_late_harvest = excluded.is_late_harvest, is_grand_cru = excluded.is_grand_cru,
                bottles_per_unit = excluded.bottles_per_unit, family = excluded.family, sub_family = excluded.sub_family,
                macro_category = excluded.macro_category, price_ttc = excluded.price_ttc, price_band = excluded.price_band,
                premium_tier = excluded.premium_tier, is_stub = FALSE, updated_import_id = excluded.updated_import_id, updated_at = excluded.updated_at
            WHERE products.is_stub = TRUE OR products.label {d} excluded.label OR products.vintage {d} excluded.vintage
               OR products.family {d} excluded.family OR products.sub_family {d} excluded.sub_family
               OR products.macro_category {d} excluded.macro_category OR products.price_ttc {d} excluded.price_ttc
               OR products.price_band {d} excluded.price_band OR products.premium_tier {d} excluded.premium_tier
            """, cancellationToken, p);
        var customers = await SqlDatabase.ExecuteAsync(connection, transaction, $"""
            INSERT INTO customers (code, last_name, first_name, email, email_valid, phone, address, postal_code, city, country,
                                   is_stub, created_import_id, updated_import_id, updated_at)
            SELECT code, last_name, first_name, email, email_valid, phone, address, postal_code, city, country, FALSE, @import, @import, @now
            FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY code ORDER BY source_line DESC) AS latest FROM stage_customers WHERE is_stub = FALSE) s
            WHERE s.latest = 1
            ON CONFLICT (code) DO UPDATE SET
                last_name = excluded.last_name, first_name = excluded.first_name, email = excluded.email, email_valid = excluded.email_valid,
                phone = excluded.phone, address = excluded.address, postal_code = excluded.postal_code, city = excluded.city,
                country = excluded.country, is_stub = FALSE, updated_import_id = excluded.updated_import_id, updated_at = excluded.updated_at
            WHERE customers.erased_at IS NULL AND (customers.is_stub = TRUE OR customers.last_name {d} excluded.last_name OR customers.first_name {d} excluded.first_name
               OR customers.email {d} excluded.email OR customers.phone {d} excluded.phone OR customers.address {d} excluded.address
               OR customers.postal_code {d} excluded.postal_code OR customers.city {d} excluded.city OR customers.country {d} excluded.country)
            """, cancellationToken, p);

        // Stubs: only where nothing is known yet; a stub never overwrites a real row.
        await SqlDatabase.ExecuteAsync(connection, transaction, """
            INSERT INTO products (article, label, variety, vintage, colour, is_sparkling, is_late_harvest, is_grand_cru, bottles_per_unit,
                                  family, sub_family, macro_category, price_ttc, price_band, premium_tier, is_stub, created_import_id, updated_import_id, updated_at)
            SELECT article, label, variety, vintage, colour, is_sparkling, is_late_harvest, is_grand_cru, bottles_per_unit,
                   family, sub_family, macro_category, price_ttc, price_band, premium_tier, TRUE, @import, @import, @now
            FROM stage_products WHERE is_stub = TRUE
            ON CONFLICT (article) DO NOTHING
            """, cancellationToken, p);
        await SqlDatabase.ExecuteAsync(connection, transaction, """
            INSERT INTO customers (code, last_name, first_name, email, email_valid, phone, address, postal_code, city, country,
                                   is_stub, created_import_id, updated_import_id, updated_at)
            SELECT code, last_name, first_name, email, email_valid, phone, address, postal_code, city, country, TRUE, @import, @import, @now
            FROM stage_customers WHERE is_stub = TRUE
            ON CONFLICT (code) DO NOTHING
            """, cancellationToken, p);

        // Stock and contacts after the stubs: a contact always finds its customer.
        var (stock, contacts) = file.Kind switch
        {
            ExportKind.Stock => (await MergeStockAsync(connection, transaction, d, p, cancellationToken), 0),
            ExportKind.Contacts => (0, await MergeContactsAsync(connection, transaction, d, p, cancellationToken)),
            _ => (0, 0),
        };

        var sales = _loadedSales ?? await MergeSalesAsync(cancellationToken);
        if (checkKeysOnce)
        {
            await SalesForeignKeys.RestoreAsync(connection, transaction, cancellationToken);
        }

        // An erased customer (GDPR) stays erased: personal fields arriving with new sales lines are dropped.
        await SqlDatabase.ExecuteAsync(connection, transaction, """
            UPDATE sales_lines SET email = NULL, postal_code = NULL, city = NULL
            WHERE customer_code IN (SELECT code FROM customers WHERE erased_at IS NOT NULL) AND import_id = @import
            """, cancellationToken, p);

        var (masters, staged) = file.Kind switch
        {
            ExportKind.Products => (products, await CountAsync("stage_products")),
            ExportKind.Customers => (customers, await CountAsync("stage_customers")),
            ExportKind.Stock => (stock, await CountAllAsync("stage_stock")),
            ExportKind.Contacts => (contacts, await CountAllAsync("stage_contacts")),
            _ => (sales, _stagedSales),
        };
        var counts = new LoadCounts(masters, staged - masters);
        var fileId = await store.InsertFileAsync(connection, transaction, importId, file, outcome(counts), cancellationToken);
        await database.BulkInsertAsync(connection, transaction, "rejected_rows", StageTables.Rejects, _rejects.Select(r => StageTables.Row(importId, fileId, r)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _committed = true;
        store.Checkpoints.Start();
        return counts;

        async Task<int> CountAsync(string table) => (int)await SqlDatabase.ScalarAsync<long>(connection, transaction, $"SELECT COUNT(*) FROM {table} WHERE is_stub = FALSE", cancellationToken);
        async Task<int> CountAllAsync(string table) => (int)await SqlDatabase.ScalarAsync<long>(connection, transaction, $"SELECT COUNT(*) FROM {table}", cancellationToken);
    }

    /// <summary>Snapshots by (article, date): the last row of a key in the file wins; re-importing the same
    /// snapshot changes nothing (duplicates), a corrected one replaces it.</summary>
    private static Task<int> MergeStockAsync(DbConnection connection, DbTransaction transaction, string d, (string, object?)[] p, CancellationToken cancellationToken) =>
        SqlDatabase.ExecuteAsync(connection, transaction, $"""
            INSERT INTO stock_snapshots (article, snapshot_date, stock_total, stock_reserve, created_import_id, updated_import_id, updated_at)
            SELECT article, snapshot_date, stock_total, stock_reserve, @import, @import, @now
            FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY article, snapshot_date ORDER BY source_line DESC) AS latest FROM stage_stock) s
            WHERE s.latest = 1
            ON CONFLICT (article, snapshot_date) DO UPDATE SET
                stock_total = excluded.stock_total, stock_reserve = excluded.stock_reserve,
                updated_import_id = excluded.updated_import_id, updated_at = excluded.updated_at
            WHERE stock_snapshots.stock_total {d} excluded.stock_total OR stock_snapshots.stock_reserve {d} excluded.stock_reserve
            """, cancellationToken, p);

    /// <summary>Contacts by (customer, date, channel, campaign): overlapping exports add only new contacts; a
    /// changed status (sent → opened) is updated, the latest export winning.</summary>
    private static Task<int> MergeContactsAsync(DbConnection connection, DbTransaction transaction, string d, (string, object?)[] p, CancellationToken cancellationToken) =>
        SqlDatabase.ExecuteAsync(connection, transaction, $"""
            INSERT INTO contacts (customer_code, contact_date, channel, campaign_id, status, status_text, created_import_id, updated_import_id, updated_at)
            SELECT customer_code, contact_date, channel, campaign_id, status, status_text, @import, @import, @now
            FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY customer_code, contact_date, channel, campaign_id ORDER BY source_line DESC) AS latest
                  FROM stage_contacts) s
            WHERE s.latest = 1
            ON CONFLICT (customer_code, contact_date, channel, campaign_id) DO UPDATE SET
                status = excluded.status, status_text = excluded.status_text,
                updated_import_id = excluded.updated_import_id, updated_at = excluded.updated_at
            WHERE contacts.status {d} excluded.status OR contacts.status_text {d} excluded.status_text
            """, cancellationToken, p);

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            try
            {
                await transaction.RollbackAsync();
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException)
            {
                // The connection broke (which is how we got here): the server rolls back on its own.
            }
        }

        await transaction.DisposeAsync();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            try
            {
                // The connection goes back to the pool: back to SQLite's default cache (2 MB) and automatic
                // checkpoint. A full cache's pages go back to the system, so the next file's cache does not come on
                // top of this one's; a cache that did not fill is left to malloc (trimming costs ≈ 30 ms, more than it
                // gives back then). SQLite holding more than the cache's size means it filled (27.6 MB at 1M lines; a
                // 100k-line load stays under 20 MB).
                var cacheFilled = SQLitePCL.raw.sqlite3_memory_used() > SqliteCacheKilobytes * 1024L;
                await SqlDatabase.ExecuteAsync(connection, null, "PRAGMA main.cache_size = -2000; PRAGMA wal_autocheckpoint = 1000", CancellationToken.None);
                if (cacheFilled)
                {
                    _ = NativeHeap.Trim();
                }
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException)
            {
                // A broken connection is not reused.
            }
        }

        await connection.DisposeAsync();
    }
}
