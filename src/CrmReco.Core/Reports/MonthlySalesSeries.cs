using System.Data.Common;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Reports;

/// <summary>
/// The pre-aggregated monthly series the charts read (<c>monthly_sales</c>, sql 013): per calendar month the revenue,
/// orders, buyers and bottles counted as <see cref="ReportQueries"/> counts them. Rebuilt in one set-based
/// statement when an import finishes (any way the import was started); an erasure changes no amount, date or
/// customer count (sales lines keep their customer code), so it leaves the series as it is. An import adds lines and
/// changes none: only the months from its earliest new line are rebuilt.
/// </summary>
internal static class MonthlySalesSeries
{
    /// <summary>Rebuilds the series: the whole of it when <paramref name="afterLineId"/> is null or 0, else only the
    /// months from the earliest sales line whose id is above it (the lines an import added; nothing when there are
    /// none). Sales lines are never changed or deleted in a way that moves a figure, so older months stand.</summary>
    public static async Task RefreshAsync(SqlDatabase database, long? afterLineId, CancellationToken cancellationToken)
    {
        var sqlite = database.Provider == DatabaseProvider.Sqlite;
        string MonthOf(string date) => sqlite ? $"substr({date}, 1, 7)" : $"to_char({date}, 'YYYY-MM')";
        var month = MonthOf("s.sale_date");
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!sqlite)
        {
            // Two imports finishing together rebuild one after the other (SQLite serializes writers itself).
            await SqlDatabase.ExecuteAsync(connection, transaction, "LOCK TABLE monthly_sales IN EXCLUSIVE MODE", cancellationToken);
        }

        // The sales lines read without the date index (and not in date order): below, the months to rebuild may hold
        // most of the table, where reading the index then each line costs more than reading the table.
        var unindexedLines = sqlite ? "sales_lines s NOT INDEXED" : "sales_lines s";
        var unindexedDate = sqlite ? "s.sale_date" : "s.sale_date + 0";
        string? from = null; // every month
        // After a first load (no line before the run) every month is rebuilt without looking for the first new one.
        if (afterLineId is { } after && after > 0)
        {
            // The new lines have the highest ids: a range of the primary key. Left to themselves, both databases
            // would rather walk the date index from its start until a new line comes (measured: 0.8–1.5 s for 28k
            // new lines among 1M on PostgreSQL, against 0.07 s by the key).
            from = await SqlDatabase.ScalarAsync<string>(connection, transaction,
                $"SELECT COALESCE({MonthOf($"MIN({unindexedDate})")}, '') FROM {unindexedLines} WHERE s.id > @after", cancellationToken, ("after", after));
            if (from.Length == 0)
            {
                return;
            }
        }

        await SqlDatabase.ExecuteAsync(connection, transaction, "DELETE FROM monthly_sales WHERE month >= @from", cancellationToken, ("from", from ?? ""));
        (string, object?)[] since = from is null ? [] : [("firstDay", database.DateParameter(DateOnly.ParseExact(from + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))];
        await SqlDatabase.ExecuteAsync(connection, transaction, $"""
            INSERT INTO monthly_sales (month, revenue, orders, buyers, bottles)
            SELECT {month}, COALESCE(SUM({ReportQueries.Amount}), 0),
                   COUNT(DISTINCT CASE WHEN {ReportQueries.Bought} THEN s.customer_code || '|' || s.document_no END),
                   COUNT(DISTINCT CASE WHEN {ReportQueries.Bought} THEN s.customer_code END), COALESCE(SUM(s.bottles), 0)
            FROM {unindexedLines} {(from is null ? "" : $"WHERE {unindexedDate} >= @firstDay")} GROUP BY {month}
            """, cancellationToken, since);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Refreshes the series after an import; a failure leaves the previous series (the charts then lag
    /// until the next import) and never fails the import.</summary>
    public static async Task TryRefreshAsync(SqlDatabase database, long? afterLineId, CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(database, afterLineId, cancellationToken);
        }
        catch (DbException)
        {
            // the import stands; the series is rebuilt by the next one
        }
    }
}
