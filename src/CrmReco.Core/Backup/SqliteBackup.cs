using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CrmReco.Core.Backup;

/// <summary>SQLite through its online backup API: pages copied from a live database in one consistent state (the
/// application may keep writing; the copy restarts on its own if a write lands under it).</summary>
internal static class SqliteBackup
{
    public const string PayloadName = "crmreco.db";

    public static async Task<PayloadInfo> DumpAsync(string connectionString, string payloadFile, CancellationToken cancellationToken)
    {
        await using var source = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ConnectionString);
        await source.OpenAsync(cancellationToken);
        await using var copy = Open(payloadFile);
        await copy.OpenAsync(cancellationToken);
        source.BackupDatabase(copy);
        // One self-contained file: no -wal beside it.
        await Scalar(copy, "PRAGMA journal_mode=DELETE", cancellationToken);
        var tables = await CountAsync(copy, cancellationToken);
        var version = tables.ContainsKey("schema_migrations") ? Convert.ToInt32(await Scalar(copy, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken), CultureInfo.InvariantCulture) : 0;
        var tool = "SQLite " + await Scalar(copy, "SELECT sqlite_version()", cancellationToken);
        return new PayloadInfo(BackupMethods.SqliteOnlineBackup, tool, version, tables, PayloadName);
    }

    /// <summary>Rows per table of an SQLite database (none when the file does not exist).</summary>
    public static async Task<IReadOnlyDictionary<string, long>> CountAsync(string connectionString, CancellationToken cancellationToken)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (!File.Exists(file))
        {
            return new SortedDictionary<string, long>(StringComparer.Ordinal);
        }

        await using var connection = Open(file);
        await connection.OpenAsync(cancellationToken);
        return await CountAsync(connection, cancellationToken);
    }

    /// <summary>Replaces the content of the target with the payload's, through the same backup API (so a target
    /// another process has open is replaced safely, in one step).</summary>
    public static async Task RestoreAsync(string payloadFile, string targetConnectionString, CancellationToken cancellationToken)
    {
        var target = new SqliteConnectionStringBuilder(targetConnectionString).DataSource;
        if (Path.GetDirectoryName(Path.GetFullPath(target)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = payloadFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        await source.OpenAsync(cancellationToken);
        await using var destination = Open(target);
        await destination.OpenAsync(cancellationToken);
        await Scalar(destination, "PRAGMA busy_timeout=30000", cancellationToken);
        source.BackupDatabase(destination);
        await Scalar(destination, "PRAGMA journal_mode=WAL", cancellationToken);
    }

    private static SqliteConnection Open(string file) =>
        new(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ConnectionString);

    private static async Task<IReadOnlyDictionary<string, long>> CountAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add(reader.GetString(0));
            }
        }

        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            counts[name] = Convert.ToInt64(await Scalar(connection, $"SELECT COUNT(*) FROM \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", cancellationToken), CultureInfo.InvariantCulture);
        }

        return counts;
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}

/// <summary>What a provider's dump produced, for the manifest.</summary>
internal sealed record PayloadInfo(string Method, string Tool, int SchemaVersion, IReadOnlyDictionary<string, long> Tables, string EntryName);
