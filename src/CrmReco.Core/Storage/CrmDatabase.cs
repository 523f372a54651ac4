using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using SQLitePCL;

namespace CrmReco.Core.Storage;

/// <summary>The two supported databases.</summary>
public enum DatabaseProvider
{
    Sqlite = 0,
    PostgreSql = 1,
}

/// <summary>Entry point to the database: which provider a connection string means, and the stores over it.</summary>
public static class CrmDatabase
{
    /// <summary>The zero-setup default: an SQLite file under ./data.</summary>
    public const string DefaultConnectionString = "Data Source=data/crmreco.db";

    /// <summary>The environment variable every host reads when it is given no database.</summary>
    public const string EnvironmentVariable = "CRMRECO_DB";

    /// <summary>The connection string to use: <paramref name="configured"/> when given, else $CRMRECO_DB, else
    /// the embedded default. The one rule of the command line, the worker and the API.</summary>
    public static string Resolve(string? configured) =>
        !string.IsNullOrWhiteSpace(configured) ? configured
        : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
        : DefaultConnectionString;

    /// <summary>"Data Source=…"/"Filename=…" is SQLite, "Host=…"/"Server=…" is PostgreSQL.</summary>
    public static DatabaseProvider ProviderOf(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var keys = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2)[0].Trim().ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);
        if (keys.Contains("host") || keys.Contains("server"))
        {
            return DatabaseProvider.PostgreSql;
        }

        if (keys.Contains("data source") || keys.Contains("datasource") || keys.Contains("filename"))
        {
            return DatabaseProvider.Sqlite;
        }

        throw new ArgumentException(
            $"Cannot tell the database from the connection string '{Redact(connectionString)}': use 'Data Source=FILE' for SQLite or 'Host=…;Database=…' for PostgreSQL.",
            nameof(connectionString));
    }

    /// <summary>The database kit for a connection string: one per container (<see cref="CoreServiceCollectionExtensions.AddCrmRecoCore(Microsoft.Extensions.DependencyInjection.IServiceCollection, string)"/>),
    /// which disposes it (and with it PostgreSQL's one <c>NpgsqlDataSource</c>).</summary>
    internal static SqlDatabase Create(string connectionString) =>
        ProviderOf(connectionString) == DatabaseProvider.Sqlite ? new SqliteDatabase(connectionString) : new PostgresDatabase(connectionString);

    /// <summary>The connection string without its password, for messages.</summary>
    public static string Redact(string connectionString) => string.Join(';', connectionString
        .Split(';', StringSplitOptions.RemoveEmptyEntries)
        .Where(part => !part.TrimStart().StartsWith("password", StringComparison.OrdinalIgnoreCase)));
}

/// <summary>What differs between the providers; everything else is shared SQL.</summary>
internal abstract class SqlDatabase(string connectionString) : IAsyncDisposable
{
    public string ConnectionString { get; } = connectionString;

    public abstract DatabaseProvider Provider { get; }

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The null-safe "differs" operator.</summary>
    public abstract string Distinct { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Creates a temporary staging table, gone at the end of the transaction or connection.</summary>
    public abstract Task CreateTempTableAsync(DbConnection connection, DbTransaction transaction, string name, IReadOnlyList<StageColumn> columns, CancellationToken cancellationToken);

    /// <summary>Streams rows into a table: binary COPY on PostgreSQL, a reused prepared INSERT on SQLite.</summary>
    public abstract Task<int> BulkInsertAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<StageColumn> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken);

    /// <summary>Serializes migrations between processes.</summary>
    public abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<T> ScalarAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}

internal sealed class SqliteDatabase : SqlDatabase
{
    public SqliteDatabase(string connectionString)
        : base(connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)) is { } folder)
        {
            Directory.CreateDirectory(folder); // the embedded default must work on a bare machine
        }
    }

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override string Distinct => "IS NOT";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL;", cancellationToken);
        return connection;
    }

    public override async Task CreateTempTableAsync(DbConnection connection, DbTransaction transaction, string name, IReadOnlyList<StageColumn> columns, CancellationToken cancellationToken)
    {
        // Pooled SQLite connections keep their temp tables: start from an empty one.
        await ExecuteAsync(connection, transaction, $"DROP TABLE IF EXISTS temp.{name}; CREATE TEMP TABLE {name} ({string.Join(", ", columns.Select(c => $"{c.Name} {c.SqliteType}"))});", cancellationToken);
    }

    public override Task<int> BulkInsertAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<StageColumn> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        // One statement prepared on the connection's own handle, bound by position, stepped and reset per row:
        // SqliteCommand.ExecuteNonQuery per row also opens a reader and looks every parameter up by name, which
        // cost about as much as SQLite's own insert (625k rows of a recommendation run). It runs inside the
        // caller's transaction, open on that connection.
        var handle = ((SqliteConnection)connection).Handle!;
        var sql = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ({string.Join(", ", columns.Select(_ => "?"))})";
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(handle, sql, out var statement), handle);
        using (statement)
        {
            var count = 0;
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Insert(handle, statement, row, columns.Count);
                count++;
            }

            return Task.FromResult(count);
        }
    }

    /// <summary>Streams rows straight into <paramref name="table"/>, skipping those whose unique <paramref name="key"/> is
    /// already there, with one more column (<paramref name="constant"/>) holding the same value in every row. Prepared
    /// and bound as <see cref="BulkInsertAsync"/> does; returns the rows inserted.</summary>
    /// <remarks>While most recent rows are already there (a weekly export overlapping the previous ones), each row's key
    /// is looked up first and only a new row binds its other columns: binding a row's text costs more than the lookup.
    /// A first load, where most rows are new, inserts directly.</remarks>
    public static Task<int> InsertNewRowsAsync(DbConnection connection, string table, IReadOnlyList<StageColumn> columns, string key, (string Column, long Value) constant, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        const int Window = 256;
        var handle = ((SqliteConnection)connection).Handle!;
        var keyIndex = columns.Select(c => c.Name).ToList().IndexOf(key);
        var sql = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Name))}, {constant.Column}) VALUES ({string.Join(", ", columns.Select(_ => "?"))}, ?) ON CONFLICT ({key}) DO NOTHING";
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(handle, sql, out var insert), handle);
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(handle, $"SELECT 1 FROM {table} WHERE {key} = ?", out var lookup), handle);
        using (insert)
        using (lookup)
        {
            // Bindings outlive sqlite3_reset: the constant is bound once.
            SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_int64(insert, columns.Count + 1, constant.Value), handle);
            int inserted = 0, seen = 0, knownInWindow = 0;
            var lookUpFirst = false;
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (++seen % Window == 0)
                {
                    lookUpFirst = knownInWindow * 2 >= Window;
                    knownInWindow = 0;
                }

                if (lookUpFirst)
                {
                    SqliteException.ThrowExceptionForRC(Bind(lookup, 1, row[keyIndex]), handle);
                    var found = raw.sqlite3_step(lookup);
                    raw.sqlite3_reset(lookup);
                    if (found == raw.SQLITE_ROW)
                    {
                        knownInWindow++;
                        continue;
                    }

                    if (found != raw.SQLITE_DONE)
                    {
                        SqliteException.ThrowExceptionForRC(found, handle);
                    }
                }

                Insert(handle, insert, row, columns.Count);
                var changed = raw.sqlite3_changes(handle);
                inserted += changed;
                knownInWindow += 1 - changed;
            }

            return Task.FromResult(inserted);
        }
    }

    /// <summary>Binds a row's first <paramref name="columns"/> values by position, steps the prepared insert once and
    /// resets it for the next row.</summary>
    private static void Insert(sqlite3 handle, sqlite3_stmt statement, object?[] row, int columns)
    {
        for (var i = 0; i < columns; i++)
        {
            SqliteException.ThrowExceptionForRC(Bind(statement, i + 1, row[i]), handle);
        }

        var step = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (step != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(step, handle);
        }
    }

    /// <summary>Binds a value as SqliteParameter would: integers and booleans as INTEGER, decimals as REAL, dates
    /// as yyyy-MM-dd TEXT.</summary>
    private static int Bind(sqlite3_stmt statement, int index, object? value) => value switch
    {
        null => raw.sqlite3_bind_null(statement, index),
        string v => raw.sqlite3_bind_text(statement, index, v),
        long v => raw.sqlite3_bind_int64(statement, index, v),
        int v => raw.sqlite3_bind_int64(statement, index, v),
        bool v => raw.sqlite3_bind_int64(statement, index, v ? 1 : 0),
        double v when double.IsNaN(v) => throw new InvalidOperationException("Cannot store NaN values."),
        double v => raw.sqlite3_bind_double(statement, index, v),
        float v when float.IsNaN(v) => throw new InvalidOperationException("Cannot store NaN values."),
        float v => raw.sqlite3_bind_double(statement, index, v),
        decimal v => raw.sqlite3_bind_double(statement, index, (double)v),
        DateOnly v => raw.sqlite3_bind_text(statement, index, v.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new NotSupportedException($"No SQLite binding for {value.GetType().Name} values."),
    };

    public override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask; // BEGIN IMMEDIATE already serializes writers

}

internal sealed class PostgresDatabase(string connectionString) : SqlDatabase(connectionString)
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public override string Distinct => "IS DISTINCT FROM";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public override async Task CreateTempTableAsync(DbConnection connection, DbTransaction transaction, string name, IReadOnlyList<StageColumn> columns, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, transaction, $"CREATE TEMP TABLE {name} ({string.Join(", ", columns.Select(c => $"{c.Name} {c.PgType}"))}) ON COMMIT DROP", cancellationToken);

    public override async Task<int> BulkInsertAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<StageColumn> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        var count = 0;
        await using (var importer = await npgsql.BeginBinaryImportAsync(
            $"COPY {table} ({string.Join(", ", columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                importer.StartRow();
                for (var i = 0; i < columns.Count; i++)
                {
                    // Typed writes: the boxed Write<object> path resolves a converter for every value.
                    var type = columns[i].NpgsqlType;
                    switch (row[i])
                    {
                        case null: importer.WriteNull(); break;
                        case string v: importer.Write(v, type); break;
                        case int v: importer.Write(v, type); break;
                        case long v: importer.Write(v, type); break;
                        case decimal v: importer.Write(v, type); break;
                        case double v: importer.Write(v, type); break;
                        case bool v: importer.Write(v, type); break;
                        case DateOnly v: importer.Write(v, type); break;
                        case var v: importer.Write(v, type); break;
                    }
                }

                count++;
            }

            await importer.CompleteAsync(cancellationToken);
        }

        return count;
    }

    public override async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(727001)", cancellationToken);
}
