using System.Data.Common;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Reports;

/// <summary>
/// The pre-aggregated monthly series the charts read (<c>monthly_sales</c>, sql 013): per calendar month the revenue,
/// orders, buyers and bottles counted as <see cref="ReportQueries"/> counts them. Rebuilt in one set-based
/// statement when an import finishes (any way the import was started); an erasure changes no amount, date or
/// customer count (sales lines keep their customer code), so it leaves the series as it is.
/// </summary>
internal static class MonthlySalesSeries
{
    /// <summary>Rebuilds the whole series (one GROUP BY over the sales lines, a few hundred rows written).</summary>
    public static async Task RefreshAsync(SqlDatabase database, CancellationToken cancellationToken)
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

        await SqlDatabase.ExecuteAsync(connection, transaction, "DELETE FROM monthly_sales", cancellationToken);
        await SqlDatabase.ExecuteAsync(connection, transaction, $"""
            INSERT INTO monthly_sales (month, revenue, orders, buyers, bottles)
            SELECT {month}, COALESCE(SUM({ReportQueries.Amount}), 0),
                   COUNT(DISTINCT CASE WHEN {ReportQueries.Bought} THEN s.customer_code || '|' || s.document_no END),
                   COUNT(DISTINCT CASE WHEN {ReportQueries.Bought} THEN s.customer_code END), COALESCE(SUM(s.bottles), 0)
            FROM sales_lines s GROUP BY {month}
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Refreshes the series after an import; a failure leaves the previous series (the charts then lag
    /// until the next import) and never fails the import.</summary>
    public static async Task TryRefreshAsync(SqlDatabase database, CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(database, cancellationToken);
        }
        catch (DbException)
        {
            // the import stands; the series is rebuilt by the next one
        }
    }
}
