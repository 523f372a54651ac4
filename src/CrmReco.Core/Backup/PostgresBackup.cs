using System.Data;
using System.Globalization;
using System.Text;
using CrmReco.Core.Storage;
using Npgsql;

namespace CrmReco.Core.Backup;

/// <summary>PostgreSQL: <c>pg_dump -Fc</c> when it is installed, else every table of the schema through binary COPY.
/// Either way the row counts of the manifest and the data come from one snapshot (a repeatable-read transaction
/// whose snapshot pg_dump imports), so a backup taken while the application writes is consistent.</summary>
internal static class PostgresBackup
{
    public const string DumpPayloadName = "crmreco.pgdump";
    public const string CopyPayloadName = "crmreco.copy";
    private const string MigrationsTable = "schema_migrations";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromHours(2);

    public static async Task<PayloadInfo> DumpAsync(string connectionString, string payloadFile, BackupSettings settings, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var snapshot = (string)(await Scalar(connection, "SELECT pg_export_snapshot()", cancellationToken))!;
        var tables = await CountAsync(connection, cancellationToken);
        var version = tables.ContainsKey(MigrationsTable) ? Convert.ToInt32(await Scalar(connection, $"SELECT COALESCE(MAX(version), 0) FROM {MigrationsTable}", cancellationToken), CultureInfo.InvariantCulture) : 0;

        var pgDump = settings.UsePgDump ? ExternalProcess.Find("pg_dump", settings.PostgresBinFolder) : null;
        PayloadInfo info;
        if (pgDump is not null)
        {
            var outcome = await ExternalProcess.RunAsync(pgDump, ["--format=custom", "--no-owner", "--no-privileges", "--snapshot=" + snapshot, "--file=" + payloadFile], LibpqEnvironment(connectionString), ToolTimeout, cancellationToken);
            if (outcome.ExitCode != 0)
            {
                throw new InvalidOperationException($"pg_dump failed (exit {outcome.ExitCode}): {outcome.Tail}");
            }

            var tool = (await ExternalProcess.RunAsync(pgDump, ["--version"], new Dictionary<string, string?>(), TimeSpan.FromMinutes(1), cancellationToken)).StdOut.Trim();
            info = new PayloadInfo(BackupMethods.PgDump, tool, version, tables, DumpPayloadName);
        }
        else
        {
            await using (var payload = new FileStream(payloadFile, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                foreach (var table in tables.Keys)
                {
                    await CopyOutAsync(connection, table, payload, cancellationToken);
                }

                await payload.FlushAsync(cancellationToken);
            }

            var server = (string)(await Scalar(connection, "SHOW server_version", cancellationToken))!;
            info = new PayloadInfo(BackupMethods.PostgresCopy, "COPY (binary), PostgreSQL " + server, version, tables, CopyPayloadName);
        }

        await transaction.CommitAsync(cancellationToken);
        return info;
    }

    /// <summary>Rows per table of the connection's schema.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> CountAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return await CountAsync(connection, cancellationToken);
    }

    /// <summary>Restores the payload into the target database, emptied of the schema's tables first (the caller
    /// decided the target may be replaced). pg_dump payloads go through pg_restore; COPY payloads into the schema
    /// version of the manifest, built by the embedded migrations (the next start migrates it further).</summary>
    public static async Task RestoreAsync(string payloadFile, BackupManifest manifest, string targetConnectionString, BackupSettings settings, CancellationToken cancellationToken)
    {
        await DropTablesAsync(targetConnectionString, cancellationToken);
        if (manifest.Method == BackupMethods.PgDump)
        {
            var pgRestore = ExternalProcess.Find("pg_restore", settings.PostgresBinFolder)
                ?? throw new InvalidOperationException("this backup was made with pg_dump and restores with pg_restore, which is not installed: apt-get install postgresql-client.");
            var database = new NpgsqlConnectionStringBuilder(targetConnectionString).Database ?? throw new InvalidOperationException("the target connection string names no Database.");
            var outcome = await ExternalProcess.RunAsync(pgRestore, ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname=" + database, payloadFile], LibpqEnvironment(targetConnectionString), ToolTimeout, cancellationToken);
            if (outcome.ExitCode != 0)
            {
                throw new InvalidOperationException($"pg_restore failed (exit {outcome.ExitCode}): {outcome.Tail}");
            }

            return;
        }

        await using var connection = new NpgsqlConnection(targetConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await MigrateToAsync(connection, manifest.SchemaVersion, cancellationToken);
        var tables = (await CountAsync(connection, cancellationToken)).Keys.ToList();
        var missing = manifest.Tables.Keys.Except(tables, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new BackupFormatException($"the backup holds tables the schema version {manifest.SchemaVersion} does not create ({string.Join(", ", missing)}): it was made by another build.");
        }

        await Execute(connection, "TRUNCATE " + string.Join(", ", tables.Select(Quote)), cancellationToken);
        var sections = new Dictionary<string, (long Offset, long Length)>(StringComparer.Ordinal);
        await using (var payload = File.OpenRead(payloadFile))
        {
            while (payload.Position < payload.Length)
            {
                var (table, length) = ReadHeader(payload);
                sections[table] = (payload.Position, length);
                payload.Seek(length, SeekOrigin.Current);
            }

            foreach (var table in await ParentsFirstAsync(connection, sections.Keys, cancellationToken))
            {
                var (offset, length) = sections[table];
                payload.Seek(offset, SeekOrigin.Begin);
                await using (var copy = await connection.BeginRawBinaryCopyAsync($"COPY {Quote(table)} FROM STDIN (FORMAT BINARY)", cancellationToken))
                {
                    await CopyExactlyAsync(payload, copy, length, cancellationToken);
                }

                await ResetIdentityAsync(connection, table, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Creates an empty database on the server of <paramref name="serverConnectionString"/> and returns its
    /// connection string (no pooling, so it can be dropped right after).</summary>
    public static async Task<string> CreateScratchDatabaseAsync(string serverConnectionString, string name, CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(serverConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await Execute(connection, $"CREATE DATABASE {Quote(name)}", cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name, Pooling = false }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string serverConnectionString, string name)
    {
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await Execute(connection, $"DROP DATABASE IF EXISTS {Quote(name)} WITH (FORCE)", CancellationToken.None);
    }

    /// <summary>The libpq variables pg_dump and pg_restore read, from an Npgsql connection string.</summary>
    private static Dictionary<string, string?> LibpqEnvironment(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PGHOST"] = builder.Host,
            ["PGPORT"] = builder.Port.ToString(CultureInfo.InvariantCulture),
            ["PGDATABASE"] = builder.Database,
            ["PGUSER"] = builder.Username,
            ["PGPASSWORD"] = builder.Password,
            ["PGAPPNAME"] = "crmreco backup",
        };
    }

    private static async Task<SortedDictionary<string, long>> CountAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add(reader.GetString(0));
            }
        }

        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            counts[name] = Convert.ToInt64(await Scalar(connection, $"SELECT COUNT(*) FROM {Quote(name)}", cancellationToken), CultureInfo.InvariantCulture);
        }

        return counts;
    }

    private static async Task DropTablesAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var tables = (await CountAsync(connection, cancellationToken)).Keys.ToList();
        if (tables.Count > 0)
        {
            await Execute(connection, "DROP TABLE " + string.Join(", ", tables.Select(Quote)) + " CASCADE", cancellationToken);
        }
    }

    /// <summary>The embedded migrations up to <paramref name="version"/>, recorded as <see cref="Migrator"/> does.</summary>
    private static async Task MigrateToAsync(NpgsqlConnection connection, int version, CancellationToken cancellationToken)
    {
        await Execute(connection, $"CREATE TABLE IF NOT EXISTS {MigrationsTable} (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)", cancellationToken);
        foreach (var (number, name, resource) in Migrator.Scripts(DatabaseProvider.PostgreSql).Where(s => s.Version <= version))
        {
            using var reader = new StreamReader(typeof(Migrator).Assembly.GetManifestResourceStream(resource)!);
            await Execute(connection, await reader.ReadToEndAsync(cancellationToken), cancellationToken);
            await using var record = new NpgsqlCommand($"INSERT INTO {MigrationsTable} (version, name, applied_at) VALUES (@v, @n, '')", connection);
            record.Parameters.AddWithValue("v", number);
            record.Parameters.AddWithValue("n", name);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The tables ordered so that a table comes after those its foreign keys reference.</summary>
    private static async Task<IReadOnlyList<string>> ParentsFirstAsync(NpgsqlConnection connection, IEnumerable<string> tables, CancellationToken cancellationToken)
    {
        var parents = tables.ToDictionary(t => t, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("""
            SELECT c.relname, p.relname
            FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid
            JOIN pg_class p ON p.oid = k.confrelid
            WHERE k.contype = 'f' AND c.relnamespace = current_schema()::regnamespace AND c.oid <> p.oid
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (parents.TryGetValue(reader.GetString(0), out var set) && parents.ContainsKey(reader.GetString(1)))
                {
                    set.Add(reader.GetString(1));
                }
            }
        }

        var ordered = new List<string>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < parents.Count)
        {
            var ready = parents.Keys.Where(t => !done.Contains(t) && parents[t].All(done.Contains)).OrderBy(t => t, StringComparer.Ordinal).ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException("the foreign keys of the schema form a cycle: cannot order the tables for COPY.");
            }

            ordered.AddRange(ready);
            done.UnionWith(ready);
        }

        return ordered;
    }

    private static async Task ResetIdentityAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        var columns = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT attname FROM pg_attribute WHERE attrelid = @t::regclass AND attidentity <> '' AND NOT attisdropped", connection))
        {
            command.Parameters.AddWithValue("t", Quote(table));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                columns.Add(reader.GetString(0));
            }
        }

        foreach (var column in columns)
        {
            await using var command = new NpgsqlCommand($"SELECT setval(pg_get_serial_sequence(@t, @c), COALESCE(MAX({Quote(column)}), 0) + 1, false) FROM {Quote(table)}", connection);
            command.Parameters.AddWithValue("t", Quote(table));
            command.Parameters.AddWithValue("c", column);
            await command.ExecuteScalarAsync(cancellationToken);
        }
    }

    /// <summary>One table of the COPY payload: its name (UTF-8, length-prefixed), the length of its data, then the
    /// data as COPY … TO STDOUT (FORMAT BINARY) wrote it.</summary>
    private static async Task CopyOutAsync(NpgsqlConnection connection, string table, FileStream payload, CancellationToken cancellationToken)
    {
        var name = Encoding.UTF8.GetBytes(table);
        var header = new byte[4 + name.Length + 8];
        BitConverter.TryWriteBytes(header.AsSpan(0, 4), name.Length);
        name.CopyTo(header, 4);
        await payload.WriteAsync(header, cancellationToken);
        var lengthAt = payload.Position - 8;
        var start = payload.Position;
        await using (var copy = await connection.BeginRawBinaryCopyAsync($"COPY {Quote(table)} TO STDOUT (FORMAT BINARY)", cancellationToken))
        {
            await copy.CopyToAsync(payload, cancellationToken);
        }

        var end = payload.Position;
        payload.Seek(lengthAt, SeekOrigin.Begin);
        var length = new byte[8];
        BitConverter.TryWriteBytes(length, end - start);
        await payload.WriteAsync(length, cancellationToken);
        payload.Seek(end, SeekOrigin.Begin);
    }

    private static (string Table, long Length) ReadHeader(FileStream payload)
    {
        Span<byte> four = stackalloc byte[4];
        Span<byte> eight = stackalloc byte[8];
        payload.ReadExactly(four);
        var nameLength = BitConverter.ToInt32(four);
        if (nameLength is <= 0 or > 1024)
        {
            throw new BackupFormatException("the COPY payload is damaged (a table header is unreadable).");
        }

        var name = new byte[nameLength];
        payload.ReadExactly(name);
        payload.ReadExactly(eight);
        var length = BitConverter.ToInt64(eight);
        if (length < 0 || payload.Position + length > payload.Length)
        {
            throw new BackupFormatException("the COPY payload is damaged (a table's data runs past its end).");
        }

        return (Encoding.UTF8.GetString(name), length);
    }

    private static async Task CopyExactlyAsync(Stream source, Stream destination, long length, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (length > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), cancellationToken);
            if (read == 0)
            {
                throw new BackupFormatException("the COPY payload ends early.");
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            length -= read;
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
