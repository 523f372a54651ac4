namespace CrmReco.Core.Storage;

/// <summary>The schema of the configured database: brought up to date once, at host start or by
/// <c>crmreco migrate</c>; reads never migrate.</summary>
public sealed class DatabaseSchema
{
    private readonly SqlDatabase _database;
    private readonly TimeProvider _time;

    internal DatabaseSchema(SqlDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }

    /// <summary>The provider the connection string names.</summary>
    public DatabaseProvider Provider => _database.Provider;

    /// <summary>Migrates when the database is behind the code, else only reads its version (no lock, no write):
    /// what every host does once at start.</summary>
    public Task EnsureCurrentAsync(CancellationToken cancellationToken = default) =>
        Migrator.EnsureCurrentAsync(_database, _time, cancellationToken);

    /// <summary>Creates or upgrades the schema to the latest version the code knows.</summary>
    public Task MigrateAsync(CancellationToken cancellationToken = default) =>
        Migrator.MigrateAsync(_database, _time, cancellationToken);

    /// <summary>The schema version of the database and the latest one the code knows; throws when the database
    /// cannot be reached.</summary>
    public async Task<(int Current, int Latest)> VersionAsync(CancellationToken cancellationToken = default)
    {
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            await SqlDatabase.ScalarAsync<long>(connection, null, "SELECT 1", cancellationToken);
        }

        return (await Migrator.CurrentVersionAsync(_database, cancellationToken), Migrator.LatestVersion(_database.Provider));
    }
}
