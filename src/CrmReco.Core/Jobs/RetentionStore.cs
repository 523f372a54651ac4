using System.Globalization;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Jobs;

/// <summary>The retention job's SQL: purging old quarantined rows and counting inactive customers.</summary>
public sealed class RetentionStore
{
    private readonly SqlDatabase _database;

    internal RetentionStore(SqlDatabase database) => _database = database;

    /// <summary>Deletes the quarantined rows of imports started before <paramref name="before"/>; the import history
    /// itself stays. Returns how many rows went.</summary>
    public async Task<int> PurgeQuarantineAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await SqlDatabase.ExecuteAsync(connection, null,
            "DELETE FROM rejected_rows WHERE import_id IN (SELECT id FROM imports WHERE started_at < @before)", cancellationToken,
            ("before", before.ToUniversalTime()));
    }

    /// <summary>Customers with no purchase since <paramref name="cutoff"/> (a customer who never bought counts from its
    /// last change in the exports), and how many of them have a valid email.</summary>
    public async Task<(long Inactive, long WithEmail)> CountInactiveAsync(DateOnly cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        object cutoffDate = _database.Provider == DatabaseProvider.Sqlite ? cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : cutoff;
        var cutoffTime = new DateTimeOffset(cutoff.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await using var command = SqlDatabase.Command(connection, null, """
            SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.email_valid THEN 1 ELSE 0 END), 0)
            FROM customers c
            WHERE NOT EXISTS (SELECT 1 FROM sales_lines s WHERE s.customer_code = c.code AND s.sale_date >= @cutoff)
              AND (EXISTS (SELECT 1 FROM sales_lines s WHERE s.customer_code = c.code) OR c.updated_at < @cutoffTime)
            """, ("cutoff", cutoffDate), ("cutoffTime", cutoffTime));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
    }
}
