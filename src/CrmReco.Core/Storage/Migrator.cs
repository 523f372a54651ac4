using System.Globalization;
using System.Reflection;

namespace CrmReco.Core.Storage;

/// <summary>Applies the embedded scripts sql/&lt;provider&gt;/NNN_name.sql in order, each in its own transaction,
/// recording them in schema_migrations. Idempotent and safe to run from two processes at once.</summary>
internal static class Migrator
{
    private static readonly Assembly Resources = typeof(Migrator).Assembly;

    public static IReadOnlyList<(int Version, string Name, string Resource)> Scripts(DatabaseProvider provider)
    {
        var folder = provider == DatabaseProvider.Sqlite ? "sql/sqlite/" : "sql/postgresql/";
        return Resources.GetManifestResourceNames()
            .Where(n => n.StartsWith(folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = Path.GetFileNameWithoutExtension(n);
                return (int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture), name, n);
            })
            .OrderBy(s => s.Item1)
            .ToList();
    }

    /// <summary>The latest version the code knows.</summary>
    public static int LatestVersion(DatabaseProvider provider) => Scripts(provider).Max(s => s.Version);

    /// <summary>Migrates only when the database is behind the code: a read of the version, no lock, when it is
    /// current (the steady state of every process after the first).</summary>
    public static async Task EnsureCurrentAsync(SqlDatabase database, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await CurrentVersionAsync(database, cancellationToken) < LatestVersion(database.Provider))
        {
            await MigrateAsync(database, time, cancellationToken);
        }
    }

    public static async Task MigrateAsync(SqlDatabase database, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await SqlDatabase.ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)", cancellationToken);
        foreach (var (version, name, resource) in Scripts(database.Provider))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await database.LockForMigrationAsync(connection, transaction, cancellationToken);
            var applied = await SqlDatabase.ScalarAsync<long>(connection, transaction, "SELECT COUNT(*) FROM schema_migrations WHERE version = @v", cancellationToken, ("v", version));
            if (applied > 0)
            {
                continue;
            }

            using var reader = new StreamReader(Resources.GetManifestResourceStream(resource)!);
            await SqlDatabase.ExecuteAsync(connection, transaction, await reader.ReadToEndAsync(cancellationToken), cancellationToken);
            await SqlDatabase.ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)",
                cancellationToken,
                ("v", version),
                ("n", name),
                ("t", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
            await transaction.CommitAsync(cancellationToken);
        }
    }

    public static async Task<int> CurrentVersionAsync(SqlDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            return (int)await SqlDatabase.ScalarAsync<long>(connection, null, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken);
        }
        catch (System.Data.Common.DbException)
        {
            return 0;
        }
    }
}
