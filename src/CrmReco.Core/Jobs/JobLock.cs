using System.Globalization;
using System.Text;
using CrmReco.Core.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CrmReco.Core.Jobs;

/// <summary>
/// "Only one process runs this job now", across processes and machines. PostgreSQL: a session advisory lock
/// (<c>pg_try_advisory_lock</c>) on a dedicated, unpooled connection held for the whole run, so the server
/// releases it when the process dies. SQLite: an exclusive OS lock (flock) on <c>&lt;dbfile&gt;.job-&lt;name&gt;.lock</c>,
/// released by the kernel when the process dies. Never waits: a held lock means "someone else is on it".
/// </summary>
public sealed class JobLock : IAsyncDisposable
{
    /// <summary>The first key of the two-key advisory lock space, so job locks never meet other advisory locks.</summary>
    internal const int AdvisoryClass = 727_002;

    private readonly NpgsqlConnection? _connection;
    private readonly FileStream? _file;
    private readonly int _key;
    private bool _released;

    private JobLock(NpgsqlConnection? connection, FileStream? file, int key)
    {
        _connection = connection;
        _file = file;
        _key = key;
    }

    /// <summary>Takes the job's lock, or returns null at once when another process (or runner) holds it.</summary>
    public static async Task<JobLock?> TryAcquireAsync(string connectionString, string job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        return CrmDatabase.ProviderOf(connectionString) == DatabaseProvider.PostgreSql
            ? await TryAdvisoryLockAsync(connectionString, job, cancellationToken)
            : TryFileLock(LockFilePath(connectionString, job));
    }

    /// <summary>The lock file of a job on an SQLite database: next to the database file.</summary>
    public static string LockFilePath(string sqliteConnectionString, string job)
    {
        var dataSource = new SqliteConnectionStringBuilder(sqliteConnectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource.StartsWith(':') || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Jobs need an SQLite database file (Data Source=path), not '{dataSource}'.");
        }

        return Path.GetFullPath(dataSource) + ".job-" + job + ".lock";
    }

    /// <summary>A stable 32-bit key for a job name (FNV-1a of its UTF-8 bytes): the same on every machine.</summary>
    public static int AdvisoryKey(string job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(job))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return unchecked((int)hash);
    }

    public async ValueTask DisposeAsync()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        if (_connection is not null)
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@class, @key)", _connection);
                command.Parameters.AddWithValue("class", AdvisoryClass);
                command.Parameters.AddWithValue("key", _key);
                await command.ExecuteScalarAsync();
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // The connection is gone: so is the session, and the lock with it.
            }

            await _connection.DisposeAsync(); // unpooled: closing ends the session whatever happened above
        }

        if (_file is not null)
        {
            await _file.DisposeAsync(); // the file stays: deleting it would race with the next taker
        }
    }

    private static async Task<JobLock?> TryAdvisoryLockAsync(string connectionString, string job, CancellationToken cancellationToken)
    {
        // Unpooled: a pooled connection would go back to the pool still holding the session lock.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "crmreco job " + job };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            var key = AdvisoryKey(job);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@class, @key)", connection);
            command.Parameters.AddWithValue("class", AdvisoryClass);
            command.Parameters.AddWithValue("key", key);
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                return new JobLock(connection, null, key);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    private static JobLock? TryFileLock(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        FileStream file;
        try
        {
            // FileShare.None is an exclusive, non-blocking flock on Unix (a sharing lock on Windows): a second
            // taker, in this process or another, gets an IOException.
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }

        // Who holds it, for whoever looks at the file (the lock is the flock, not the content).
        file.SetLength(0);
        var holder = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName} pid {Environment.ProcessId}\n"));
        file.Write(holder);
        file.Flush();
        return new JobLock(null, file, 0);
    }
}
