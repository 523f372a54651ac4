using System.Data.Common;

namespace CrmReco.Core.Storage;

/// <summary>
/// PostgreSQL checks each inserted sales line's three foreign keys one by one (a locking lookup per key and line):
/// ≈ 20 µs a line, more than the insert itself. When a file adds many lines compared with the table, the keys are
/// dropped for the insert and added back inside the same transaction, which checks the whole table in one join
/// (≈ 2 µs a table line). The constraints are the same before and after the file; a line without its customer,
/// product or import fails the file as before. The cost: the table is locked against readers until the file
/// commits, so only large loads (a first load, a big catch-up) take this path.
/// </summary>
internal static class SalesForeignKeys
{
    /// <summary>Below this many new lines the per-line checks cost less than the DDL and its lock (≈ 10 µs a line
    /// saved against ≈ 30 ms for the DDL, measured on 11k–28k-line files).</summary>
    internal const int MinNewLines = 5_000;

    /// <summary>How many staged lines are looked up to estimate the share of new ones.</summary>
    private const int SampledLines = 1_000;

    /// <summary>The whole-table check wins once a file adds more than a tenth of the table (measured at 0.73M lines).</summary>
    private const int TableLinesPerNewLine = 10;

    private static readonly (string Name, string Definition)[] Keys =
    [
        ("sales_lines_import_id_fkey", "FOREIGN KEY (import_id) REFERENCES imports (id)"),
        ("sales_lines_customer_code_fkey", "FOREIGN KEY (customer_code) REFERENCES customers (code)"),
        ("sales_lines_article_fkey", "FOREIGN KEY (article) REFERENCES products (article)"),
    ];

    /// <summary>
    /// Drops the keys when the staged lines hold enough new lines to check them once (PostgreSQL only); true when
    /// dropped, to be restored by <see cref="RestoreAsync"/> before commit.
    /// Lock order matters: the table is read only after the referenced tables and the table itself are locked
    /// (customers, products, sales_lines, the order every file's merge writes them in), so a file waiting here holds
    /// nothing another file needs. The imports table is left to the key's own lock when it is added back: a run's
    /// history update takes it in a short transaction of its own.
    /// </summary>
    public static async Task<bool> TryDropAsync(DbConnection connection, DbTransaction transaction, int staged, CancellationToken cancellationToken)
    {
        if (staged < MinNewLines)
        {
            return false;
        }

        // The planner's estimate (a catalog read, no lock on the table) skips a file that is small beside the table.
        var tableLines = await SqlDatabase.ScalarAsync<long>(connection, transaction,
            "SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = 'sales_lines'::regclass", cancellationToken);
        if ((long)staged * TableLinesPerNewLine < tableLines)
        {
            return false;
        }

        await SqlDatabase.ExecuteAsync(connection, transaction, "LOCK TABLE customers, products, sales_lines IN SHARE ROW EXCLUSIVE MODE", cancellationToken);
        // An estimate from lines spread over the file: a lookup costs ≈ 4 µs a line, and the estimate only chooses
        // how the keys are checked, never what is loaded. A weekly export is mostly lines already there.
        var newShare = await SqlDatabase.ScalarAsync<double>(connection, transaction, """
            SELECT COALESCE(AVG(CASE WHEN NOT EXISTS (SELECT 1 FROM sales_lines t WHERE t.line_key = s.line_key) THEN 1.0 ELSE 0.0 END), 0)
            FROM stage_sales s WHERE s.source_line % @step = 0
            """, cancellationToken, ("step", Math.Max(1, staged / SampledLines)));
        var newLines = (long)(staged * newShare);
        if (newLines < MinNewLines || newLines * TableLinesPerNewLine < tableLines)
        {
            return false;
        }

        await SqlDatabase.ExecuteAsync(connection, transaction,
            "ALTER TABLE sales_lines " + string.Join(", ", Keys.Select(k => $"DROP CONSTRAINT {k.Name}")), cancellationToken);
        return true;
    }

    /// <summary>Adds the keys back: PostgreSQL validates every line of the table in one pass.</summary>
    public static Task RestoreAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        SqlDatabase.ExecuteAsync(connection, transaction,
            "ALTER TABLE sales_lines " + string.Join(", ", Keys.Select(k => $"ADD CONSTRAINT {k.Name} {k.Definition}")), cancellationToken);
}
