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
    /// <summary>Rebuilds the series: the whole of it when <paramref name="afterLineId"/> is null, else only the
    /// months from the earliest sales line whose id is above it (the lines an import added; nothing when there are
    /// none). Sales lines are never changed or deleted in a way that moves a figure, so older months stand.</summary>
    public static async Task RefreshAsync(SqlDatabase database, long? afterLineId, CancellationToken cancellationToken)
    {
        var sqlite = database.Provider == DatabaseProvider.Sqlite;
        var month = sqlite ? "substr(s.sale_date, 1, 7)" : "to_char(s.sale_date, 'YYYY-MM')";
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!sqlite)
        {
            // Two imports finishing together rebuild one after the other (SQLite serializes writers itself).
            await SqlDatabase.ExecuteAsync(connection, transaction, "LOCK TABLE monthly_sales IN EXCLUSIVE MODE", cancellationToken);
        }

        string? from = null; // every month
        if (afterLineId is { } after)
        {
            // The new lines have the highest ids: a range of the primary key, not a scan of the table.
            var firstNew = await SqlDatabase.ScalarAsync<string>(connection, transaction,
                $"SELECT COALESCE(MIN({month}), '') FROM sales_lines s WHERE s.id > @after", cancellationToken, ("after", after));
            if (firstNew.Length == 0)
            {
                return;
            }

            // From the first month of all, the whole table is read: a scan, not the date index's range.
            var firstOfAll = await SqlDatabase.ScalarAsync<string>(connection, transaction,
                $"SELECT COALESCE({(sqlite ? "substr((SELECT MIN(sale_date) FROM sales_lines), 1, 7)" : "to_char((SELECT MIN(sale_date) FROM sales_lines), 'YYYY-MM')")}, '')",
                cancellationToken);
            from = string.CompareOrdinal(firstNew, firstOfAll) > 0 ? firstNew : null;
        }

        await SqlDatabase.ExecuteAsync(connection, transaction, "DELETE FROM monthly_sales WHERE month >= @from", cancellationToken, ("from", from ?? ""));
        (string, object?)[] since = from is null ? [] : [("firstDay", database.DateParameter(DateOnly.ParseExact(from + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))];
        await SqlDatabase.ExecuteAsync(connection, transaction, $"""
            INSERT INTO monthly_sales (month, revenue, orders, buyers, bottles)
            SELECT {month}, COALESCE(SUM({ReportQueries.Amount}), 0),
                   COUNT(DISTINCT CASE WHEN {ReportQueries.Bought} THEN s.customer_code || '|' || s.document_no END),
                   COUNT(DISTINCT CASE WHEN {ReportQueries.Bought} THEN s.customer_code END), COALESCE(SUM(s.bottles), 0)
            FROM sales_lines s {(from is null ? "" : "WHERE s.sale_date >= @firstDay")} GROUP BY {month}
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
