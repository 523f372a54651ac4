using System.Globalization;
using CrmReco.Core.Import;
using CrmReco.Core.Transactions;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using LinqToDB.DataProvider.SQLite;

namespace CrmReco.Core.Storage;

/// <summary>What the database holds, for `crmreco status` and the dashboard.</summary>
public sealed record DatabaseStatus(
    string Provider,
    int SchemaVersion,
    int Customers,
    int StubCustomers,
    int CustomersWithoutValidEmail,
    int Products,
    int StubProducts,
    int SalesLines,
    int Imports,
    int RejectedRows,
    DateOnly? FirstSaleDate,
    DateOnly? LastSaleDate,
    DateTimeOffset? LastImportAt,
    int StockSnapshots = 0,
    int StockArticles = 0,
    int SoldOutArticles = 0,
    DateOnly? LastStockDate = null,
    int Contacts = 0,
    DateOnly? LastContactDate = null);

/// <summary>A customer's latest contact on one channel that reached them (not failed, bounced, cancelled or planned).</summary>
public sealed record LastContact(string CustomerCode, string Channel, DateOnly Date);

/// <summary>An import run with its files.</summary>
public sealed record ImportRunSummary(
    long Id,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string Status,
    string StartedBy,
    int RowsRead,
    int RowsLoaded,
    int RowsDuplicate,
    int RowsRejected,
    IReadOnlyList<ImportFileRow> Files);

/// <summary>Read queries over the CrmReco database.</summary>
public interface ICrmQueries
{
    Task<DatabaseStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>The newest runs first, each with its files.</summary>
    Task<IReadOnlyList<ImportRunSummary>> ListImportsAsync(int limit = 20, CancellationToken cancellationToken = default);

    /// <summary>One page of runs, newest first, with how many runs there are in all.</summary>
    Task<(IReadOnlyList<ImportRunSummary> Runs, int Total)> ListImportsAsync(int offset, int limit, CancellationToken cancellationToken = default);

    /// <summary>One run with its files, or null.</summary>
    Task<ImportRunSummary?> GetImportAsync(long importId, CancellationToken cancellationToken = default);

    /// <summary>The rows an import quarantined, in file and line order.</summary>
    Task<IReadOnlyList<RejectedRowRow>> GetRejectsAsync(long importId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<CustomerRow>> ListCustomersAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ProductRow>> ListProductsAsync(CancellationToken cancellationToken = default);

    /// <summary>Per article, its latest stock snapshot (the greatest snapshot date, whenever it was imported).</summary>
    Task<IReadOnlyList<StockRecord>> LoadLatestStockAsync(CancellationToken cancellationToken = default);

    /// <summary>Per customer and channel, the date of the latest contact that reached the customer.</summary>
    Task<IReadOnlyList<LastContact>> LoadLastContactsAsync(CancellationToken cancellationToken = default);

    /// <summary>The sales history as transactions (analytics and recommendations input): one per sales line,
    /// order = document (credit notes apart), product = article (or the label when the line has none),
    /// quantity = bottle-equivalents, amount = incl. VAT (excl. VAT × 1.2 when only that is known).</summary>
    Task<List<Transaction>> LoadTransactionsAsync(CancellationToken cancellationToken = default);
}

internal sealed class CrmQueries(SqlDatabase database) : ICrmQueries
{
    private DataConnection Connect() => new(database.Provider == DatabaseProvider.Sqlite
        ? new DataOptions().UseSQLite(database.ConnectionString, SQLiteProvider.Microsoft)
        : new DataOptions().UsePostgreSQL(database.ConnectionString));

    public async Task<DatabaseStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        using var db = Connect();
        var customers = db.GetTable<CustomerRow>();
        var products = db.GetTable<ProductRow>();
        var imports = db.GetTable<ImportRow>();
        var lastImport = await imports.OrderByDescending(i => i.Id).Select(i => (DateTimeOffset?)i.StartedAt).FirstOrDefaultAsync(cancellationToken);
        var (first, last) = await SaleDateRangeAsync(cancellationToken);
        var stock = await LoadLatestStockAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        return new DatabaseStatus(
            database.Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgresql",
            await Migrator.CurrentVersionAsync(database, cancellationToken),
            await customers.CountAsync(cancellationToken),
            await customers.CountAsync(c => c.IsStub, cancellationToken),
            await customers.CountAsync(c => !c.EmailValid, cancellationToken),
            await products.CountAsync(cancellationToken),
            await products.CountAsync(p => p.IsStub, cancellationToken),
            await CountSalesAsync(cancellationToken),
            await imports.CountAsync(cancellationToken),
            await db.GetTable<RejectedRowRow>().CountAsync(cancellationToken),
            first,
            last,
            lastImport,
            (int)await SqlDatabase.ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM stock_snapshots", cancellationToken),
            stock.Count,
            stock.Count(s => s.Available <= 0),
            stock.Count > 0 ? stock.Max(s => s.SnapshotDate) : null,
            (int)await SqlDatabase.ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM contacts", cancellationToken),
            await MaxDateAsync(connection, "SELECT MAX(contact_date) FROM contacts", cancellationToken));
    }

    public async Task<IReadOnlyList<StockRecord>> LoadLatestStockAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = SqlDatabase.Command(connection, null, """
            SELECT s.article, s.snapshot_date, s.stock_total, s.stock_reserve
            FROM stock_snapshots s
            WHERE s.snapshot_date = (SELECT MAX(t.snapshot_date) FROM stock_snapshots t WHERE t.article = s.article)
            ORDER BY s.article
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<StockRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new StockRecord(
                reader.GetString(0),
                ReadDate(reader.GetValue(1)),
                Convert.ToDecimal(reader.GetValue(2), CultureInfo.InvariantCulture),
                Convert.ToDecimal(reader.GetValue(3), CultureInfo.InvariantCulture)));
        }

        return result;
    }

    public async Task<IReadOnlyList<LastContact>> LoadLastContactsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var notReached = ContactStatuses.NotReached.Select((_, i) => "@s" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        await using var command = SqlDatabase.Command(
            connection,
            null,
            $"""
            SELECT customer_code, channel, MAX(contact_date) FROM contacts
            WHERE status NOT IN ({string.Join(", ", notReached)})
            GROUP BY customer_code, channel ORDER BY customer_code, channel
            """,
            ContactStatuses.NotReached.Select((status, i) => ("s" + i.ToString(CultureInfo.InvariantCulture), (object?)status)).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<LastContact>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new LastContact(reader.GetString(0), reader.GetString(1), ReadDate(reader.GetValue(2))));
        }

        return result;
    }

    private static async Task<DateOnly?> MaxDateAsync(System.Data.Common.DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = SqlDatabase.Command(connection, null, sql);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : ReadDate(value);
    }

    public async Task<IReadOnlyList<ImportRunSummary>> ListImportsAsync(int limit = 20, CancellationToken cancellationToken = default) =>
        (await ListImportsAsync(0, limit, cancellationToken)).Runs;

    public async Task<(IReadOnlyList<ImportRunSummary> Runs, int Total)> ListImportsAsync(int offset, int limit, CancellationToken cancellationToken = default)
    {
        using var db = Connect();
        var imports = db.GetTable<ImportRow>();
        var runs = await imports.OrderByDescending(i => i.Id).Skip(Math.Max(0, offset)).Take(Math.Clamp(limit, 1, 1000)).ToListAsync(cancellationToken);
        return (await WithFilesAsync(db, runs, cancellationToken), await imports.CountAsync(cancellationToken));
    }

    public async Task<ImportRunSummary?> GetImportAsync(long importId, CancellationToken cancellationToken = default)
    {
        using var db = Connect();
        var runs = await db.GetTable<ImportRow>().Where(i => i.Id == importId).ToListAsync(cancellationToken);
        return (await WithFilesAsync(db, runs, cancellationToken)).SingleOrDefault();
    }

    private static async Task<IReadOnlyList<ImportRunSummary>> WithFilesAsync(DataConnection db, List<ImportRow> runs, CancellationToken cancellationToken)
    {
        var ids = runs.Select(r => r.Id).ToList();
        var files = (await db.GetTable<ImportFileRow>().Where(f => ids.Contains(f.ImportId)).OrderBy(f => f.Id).ToListAsync(cancellationToken))
            .ToLookup(f => f.ImportId);
        return runs.Select(r => new ImportRunSummary(r.Id, r.StartedAt, r.FinishedAt, r.Status, r.StartedBy, r.RowsRead, r.RowsLoaded, r.RowsDuplicate, r.RowsRejected, files[r.Id].ToList())).ToList();
    }

    public async Task<IReadOnlyList<RejectedRowRow>> GetRejectsAsync(long importId, CancellationToken cancellationToken = default)
    {
        using var db = Connect();
        return await db.GetTable<RejectedRowRow>().Where(r => r.ImportId == importId).OrderBy(r => r.ImportFileId).ThenBy(r => r.LineNumber).ThenBy(r => r.Id).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CustomerRow>> ListCustomersAsync(CancellationToken cancellationToken = default)
    {
        using var db = Connect();
        return await db.GetTable<CustomerRow>().OrderBy(c => c.Code).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ProductRow>> ListProductsAsync(CancellationToken cancellationToken = default)
    {
        using var db = Connect();
        return await db.GetTable<ProductRow>().OrderBy(p => p.Article).ToListAsync(cancellationToken);
    }

    // Sales lines are read with plain ADO.NET (on SQLite straight from the statement: SqliteSalesReader): the
    // date is text in SQLite and a date in PostgreSQL, and this is the one hot read (millions of rows), so it
    // streams without materializing entities.
    public async Task<List<Transaction>> LoadTransactionsAsync(CancellationToken cancellationToken = default)
    {
        long first, last;
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var bounds = SqlDatabase.Command(connection, null, "SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), -1) FROM sales_lines"))
        await using (var reader = await bounds.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (first, last) = (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
        }

        // Id ranges read side by side, each on its own connection: reading and converting 2M rows is CPU-bound.
        var parts = Math.Clamp(Environment.ProcessorCount, 1, 4);
        var width = ((last - first) / parts) + 1;
        var ranges = await Task.WhenAll(Enumerable.Range(0, parts).Select(p =>
            Task.Run(() => ReadSalesAsync(first + (p * width), first + ((p + 1) * width) - 1, cancellationToken), cancellationToken)));
        var order = ranges.SelectMany(r => r.Keys).ToArray();
        var sorted = ranges.SelectMany(r => r.Lines).ToArray();
        Array.Sort(order, sorted); // (day, id) pairs are distinct: the order is fully determined
        return [.. sorted];
    }

    private async Task<(List<Transaction> Lines, List<(int Day, long Id)> Keys)> ReadSalesAsync(long fromId, long toId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // In table order, sorted by the caller by (date, id): SQLite walking the date index fetches every row out
        // of order, which cost more than sorting 2M keys in memory.
        const string sql = """
            SELECT customer_code, document_type, document_no, sale_date, article, label, bottles, amount_ttc, amount_ht, id
            FROM sales_lines
            WHERE id BETWEEN @from AND @to
            """;
        if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
        {
            return SqliteSalesReader.Read(sqlite, sql, fromId, toId, cancellationToken); // the same values, faster
        }

        await using var command = SqlDatabase.Command(connection, null, sql, ("from", fromId), ("to", toId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<Transaction>();
        var keys = new List<(int Day, long Id)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            // One GetValue per nullable column (DBNull when null) rather than IsDBNull then a getter: 2M rows.
            var amount = SalesLineRules.AmountTtc(
                reader.GetValue(7) is var ttc and not DBNull ? Convert.ToDouble(ttc, CultureInfo.InvariantCulture) : null,
                reader.GetValue(8) is var ht and not DBNull ? Convert.ToDouble(ht, CultureInfo.InvariantCulture) : null);
            var date = ReadDate(reader.GetValue(3));
            result.Add(new Transaction(
                reader.GetString(0),
                SalesLineRules.OrderId(reader.GetString(1) == SalesLineRules.CreditNote, reader.GetString(2)),
                date,
                reader.GetValue(4) is string article ? article : SalesLineRules.LabelProduct(reader.GetValue(5) as string),
                Convert.ToDouble(reader.GetValue(6), CultureInfo.InvariantCulture),
                amount));
            keys.Add((date.DayNumber, Convert.ToInt64(reader.GetValue(9), CultureInfo.InvariantCulture)));
        }

        return (result, keys);
    }

    private async Task<int> CountSalesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (int)await SqlDatabase.ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM sales_lines", cancellationToken);
    }

    private async Task<(DateOnly? First, DateOnly? Last)> SaleDateRangeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = SqlDatabase.Command(connection, null, "SELECT MIN(sale_date), MAX(sale_date) FROM sales_lines");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.IsDBNull(0) ? (null, null) : (ReadDate(reader.GetValue(0)), ReadDate(reader.GetValue(1)));
    }

    private static DateOnly ReadDate(object value) => SqlReading.ToDate(value);
}

/// <summary>How a stored sales line becomes a <see cref="Transaction"/>, whichever reader reads it.</summary>
internal static class SalesLineRules
{
    /// <summary>The stored document type of a credit note (the other lines are "sale").</summary>
    public const string CreditNote = "credit_note";

    /// <summary>A credit note is an order of its own, apart from the invoice of the same number.</summary>
    public static string OrderId(bool creditNote, string documentNo) => creditNote ? "AV:" + documentNo : documentNo;

    /// <summary>A line without an article stands for a product named by its label.</summary>
    public static string LabelProduct(string? label) => "label:" + (label ?? "?");

    /// <summary>The amount with tax: as exported, else the amount before tax at 20 % VAT, else 0.</summary>
    public static double AmountTtc(double? ttc, double? ht) => ttc ?? (ht * 1.2) ?? 0;
}
