using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Backup;

/// <summary>How backups are made and kept.</summary>
/// <param name="Retention">Which backups of the folder to keep after each new one.</param>
/// <param name="AfterCommand">A shell command run after each backup (e.g. a copy off the server with rclone), with
/// CRMRECO_BACKUP_FILE set to the new file; a non-zero exit fails the backup (the file stays).</param>
/// <param name="AfterCommandTimeout">How long that command may run (default 30 minutes).</param>
/// <param name="PostgresBinFolder">Where pg_dump and pg_restore are; default: PATH.</param>
/// <param name="UsePgDump">False: always the COPY protocol, even when pg_dump is installed.</param>
public sealed record BackupSettings(
    RetentionPolicy? Retention = null,
    string? AfterCommand = null,
    TimeSpan? AfterCommandTimeout = null,
    string? PostgresBinFolder = null,
    bool UsePgDump = true)
{
    public static BackupSettings Default { get; } = new();
}

/// <summary>A backup made: the file, its manifest, and the older backups the retention deleted.</summary>
public sealed record BackupResult(string File, BackupManifest Manifest, IReadOnlyList<string> Deleted);

/// <summary>A restore done: the rows per table now in the target.</summary>
public sealed record RestoreResult(string File, BackupManifest Manifest, IReadOnlyDictionary<string, long> Restored);

/// <summary>A backup restored into a scratch database and compared with its manifest.</summary>
/// <param name="Differences">One line per table whose count differs (empty: the backup is good).</param>
public sealed record VerifyResult(string File, BackupManifest Manifest, IReadOnlyDictionary<string, long> Restored, IReadOnlyList<string> Differences)
{
    public bool Ok => Differences.Count == 0;
}

/// <summary>
/// Backups of the CrmReco database as one zip file: <c>manifest.json</c> (provider, method, schema version, rows per
/// table, the payload's SHA-256) and <c>payload/…</c> (an SQLite database file made with the online backup API, a
/// <c>pg_dump -Fc</c> archive, or the tables in binary COPY form when pg_dump is absent). Restores refuse a damaged
/// file before touching the target, and a non-empty target unless forced.
/// </summary>
public sealed class DatabaseBackup(TimeProvider time, BackupSettings? settings = null)
{
    private const string MigrationsTable = "schema_migrations";
    private readonly BackupSettings _settings = settings ?? BackupSettings.Default;

    /// <summary>Backs the database up into <paramref name="folder"/>, applies the retention to the folder's backups
    /// and runs the after-backup command.</summary>
    public async Task<BackupResult> BackupAsync(string connectionString, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder);
        var createdAt = time.GetUtcNow();
        var file = Path.Combine(folder, BackupRetention.FileName(createdAt));
        if (File.Exists(file))
        {
            throw new IOException($"{file} exists already: one backup per second.");
        }

        var partial = file + ".partial";
        var payloadFile = Path.Combine(folder, "." + Path.GetFileName(file) + ".payload");
        BackupManifest manifest;
        try
        {
            var provider = CrmDatabase.ProviderOf(connectionString);
            var info = provider == DatabaseProvider.Sqlite
                ? await SqliteBackup.DumpAsync(connectionString, payloadFile, cancellationToken)
                : await PostgresBackup.DumpAsync(connectionString, payloadFile, _settings, cancellationToken);
            manifest = await WriteArchiveAsync(partial, payloadFile, info, provider, createdAt, cancellationToken);
            File.Move(partial, file);
        }
        finally
        {
            File.Delete(payloadFile);
            File.Delete(partial);
        }

        var deleted = new List<string>();
        foreach (var old in BackupRetention.ToDelete(Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>(), _settings.Retention ?? RetentionPolicy.Default))
        {
            File.Delete(Path.Combine(folder, old));
            deleted.Add(old);
        }

        await BackupHook.RunAsync(_settings, file, cancellationToken);
        return new BackupResult(file, manifest, deleted);
    }

    /// <summary>Reads and checks a backup's manifest and payload checksum without restoring it.</summary>
    public static async Task<BackupManifest> CheckAsync(string file, CancellationToken cancellationToken = default)
    {
        var scratch = Directory.CreateTempSubdirectory("crmreco-check-");
        try
        {
            return await ExtractAsync(file, Path.Combine(scratch.FullName, "payload"), cancellationToken);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>Restores a backup into <paramref name="target"/> (a connection string of the same provider). The
    /// payload is checked first; a target holding rows is refused unless <paramref name="force"/>, then replaced
    /// whole.</summary>
    public async Task<RestoreResult> RestoreAsync(string file, string target, bool force, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(target);
        var scratch = Directory.CreateTempSubdirectory("crmreco-restore-");
        try
        {
            var payload = Path.Combine(scratch.FullName, "payload");
            var manifest = await ExtractAsync(file, payload, cancellationToken);
            var provider = CrmDatabase.ProviderOf(target);
            if (!string.Equals(manifest.Provider, ProviderName(provider), StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"this is a {manifest.Provider} backup: it restores into a {manifest.Provider} database, not {ProviderName(provider)}.");
            }

            var existing = await CountAsync(target, provider, cancellationToken);
            var rows = existing.Where(t => t.Key != MigrationsTable && t.Value > 0).ToList();
            if (rows.Count > 0 && !force)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"the target database is not empty ({rows.Sum(t => t.Value)} rows in {rows.Count} tables, e.g. {rows[0].Key}: {rows[0].Value}): add --force to replace its content (stop crmreco-api and crmreco-worker first)."));
            }

            if (provider == DatabaseProvider.Sqlite)
            {
                await SqliteBackup.RestoreAsync(payload, target, cancellationToken);
            }
            else
            {
                await PostgresBackup.RestoreAsync(payload, manifest, target, _settings, cancellationToken);
            }

            return new RestoreResult(file, manifest, await CountAsync(target, provider, cancellationToken));
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>The restore drill: restores the backup into a scratch database (an SQLite file in a temporary
    /// folder, or a new database on <paramref name="postgresServer"/>, dropped after) and compares its rows per table
    /// with the manifest.</summary>
    public async Task<VerifyResult> VerifyAsync(string file, string? postgresServer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var manifest = await CheckAsync(file, cancellationToken);
        var folder = Directory.CreateTempSubdirectory("crmreco-verify-");
        string? scratchDatabase = null;
        try
        {
            string target;
            if (manifest.Provider == ProviderName(DatabaseProvider.Sqlite))
            {
                target = $"Data Source={Path.Combine(folder.FullName, "verify.db")};Pooling=False";
            }
            else
            {
                if (postgresServer is null || CrmDatabase.ProviderOf(postgresServer) != DatabaseProvider.PostgreSql)
                {
                    throw new InvalidOperationException("verifying a PostgreSQL backup needs a PostgreSQL server to restore it on (--db, else CRMRECO_DB): a scratch database is created there and dropped after.");
                }

                scratchDatabase = "crmreco_verify_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
                target = await PostgresBackup.CreateScratchDatabaseAsync(postgresServer, scratchDatabase, cancellationToken);
            }

            var restored = (await RestoreAsync(file, target, force: false, cancellationToken)).Restored;
            var differences = new List<string>();
            foreach (var table in manifest.Tables.Keys.Union(restored.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var expected = manifest.Tables.TryGetValue(table, out var e) ? e : (long?)null;
                var actual = restored.TryGetValue(table, out var a) ? a : (long?)null;
                if (expected != actual)
                {
                    differences.Add(string.Create(CultureInfo.InvariantCulture, $"{table}: {expected?.ToString(CultureInfo.InvariantCulture) ?? "absent"} in the manifest, {actual?.ToString(CultureInfo.InvariantCulture) ?? "absent"} restored"));
                }
            }

            return new VerifyResult(file, manifest, restored, differences);
        }
        finally
        {
            folder.Delete(recursive: true);
            if (scratchDatabase is not null)
            {
                await PostgresBackup.DropDatabaseAsync(postgresServer!, scratchDatabase);
            }
        }
    }

    /// <summary>The newest backup file of a folder, or null.</summary>
    public static string? Newest(string folder) =>
        !Directory.Exists(folder) ? null
        : Directory.EnumerateFiles(folder)
            .Select(f => (File: f, Time: BackupRetention.TimeOf(f)))
            .Where(b => b.Time is not null)
            .OrderByDescending(b => b.Time)
            .Select(b => b.File)
            .FirstOrDefault();

    internal static string ProviderName(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite ? "sqlite" : "postgresql";

    private static Task<IReadOnlyDictionary<string, long>> CountAsync(string connectionString, DatabaseProvider provider, CancellationToken cancellationToken) =>
        provider == DatabaseProvider.Sqlite ? SqliteBackup.CountAsync(connectionString, cancellationToken) : PostgresBackup.CountAsync(connectionString, cancellationToken);

    private static async Task<BackupManifest> WriteArchiveAsync(string archive, string payloadFile, PayloadInfo info, DatabaseProvider provider, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(archive, FileMode.CreateNew, FileAccess.Write);
        BackupManifest manifest;
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entryName = "payload/" + info.EntryName;
            // pg_dump's custom format is compressed already.
            var entry = zip.CreateEntry(entryName, info.Method == BackupMethods.PgDump ? CompressionLevel.NoCompression : CompressionLevel.Fastest);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long bytes = 0;
            await using (var source = File.OpenRead(payloadFile))
            await using (var target = entry.Open())
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    bytes += read;
                }
            }

            manifest = new BackupManifest(BackupManifest.CurrentFormat, createdAt, ProviderName(provider), info.Method, info.Tool, info.SchemaVersion, info.Tables, entryName, bytes, Convert.ToHexStringLower(hash.GetHashAndReset()));
            await using var manifestStream = zip.CreateEntry(BackupManifest.EntryName, CompressionLevel.Optimal).Open();
            await using var writer = new StreamWriter(manifestStream);
            await writer.WriteAsync(manifest.ToJson());
        }

        await stream.FlushAsync(cancellationToken);
        stream.Flush(flushToDisk: true);
        return manifest;
    }

    /// <summary>Opens a backup, reads its manifest and extracts the payload to <paramref name="payloadFile"/>, checking
    /// its length and SHA-256; every way a file can be damaged ends in a <see cref="BackupFormatException"/> naming it.</summary>
    private static async Task<BackupManifest> ExtractAsync(string file, string payloadFile, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            throw new BackupFormatException($"{file}: no such file.");
        }

        try
        {
            await using var stream = File.OpenRead(file);
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            var manifestEntry = zip.GetEntry(BackupManifest.EntryName)
                ?? throw new BackupFormatException($"{file} has no {BackupManifest.EntryName}: it is not a CrmReco backup.");
            BackupManifest manifest;
            await using (var manifestStream = manifestEntry.Open())
            using (var reader = new StreamReader(manifestStream))
            {
                manifest = BackupManifest.Parse(await reader.ReadToEndAsync(cancellationToken));
            }

            var payloadEntry = zip.GetEntry(manifest.Payload)
                ?? throw new BackupFormatException($"{file} lacks its payload ({manifest.Payload}): the backup is incomplete; do not rely on it.");
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long bytes = 0;
            await using (var source = payloadEntry.Open())
            await using (var target = new FileStream(payloadFile, FileMode.CreateNew, FileAccess.Write))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    bytes += read;
                }
            }

            var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (bytes != manifest.PayloadBytes || !string.Equals(sha, manifest.PayloadSha256, StringComparison.Ordinal))
            {
                throw new BackupFormatException(string.Create(CultureInfo.InvariantCulture,
                    $"{file} is corrupted: its payload has {bytes} bytes with SHA-256 {sha}, the manifest says {manifest.PayloadBytes} bytes with SHA-256 {manifest.PayloadSha256}. Do not restore it; use an older backup."));
            }

            return manifest;
        }
        catch (InvalidDataException ex)
        {
            throw new BackupFormatException($"{file} is truncated or corrupted: it is not a readable zip archive ({ex.Message}). Do not restore it; use an older backup.", ex);
        }
        catch (EndOfStreamException ex)
        {
            throw new BackupFormatException($"{file} is truncated: it ends before its data does. Do not restore it; use an older backup.", ex);
        }
    }
}
