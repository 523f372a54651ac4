using CrmReco.Core.Backup;

namespace CrmReco.Core.Jobs;

/// <summary>The nightly backup: one file in <paramref name="folder"/>, the retention applied to the folder, then the
/// after-backup command (see docs/operations.md, "Backups"). A failure fails the run, which the alerts report.</summary>
public sealed class BackupJob(string folder, BackupSettings settings) : ICrmJob
{
    public const string JobName = "backup";

    public string Name => JobName;

    public async Task<JobCounts> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await new DatabaseBackup(context.Time, settings).BackupAsync(context.ConnectionString, folder, cancellationToken);
        context.Log.BackupWritten(result.File, result.Manifest.Method, result.Manifest.Tables.Count, result.Manifest.TotalRows, result.Manifest.PayloadBytes, result.Deleted.Count);
        var counts = new JobCounts();
        counts["tables"] = result.Manifest.Tables.Count;
        counts["rows"] = result.Manifest.TotalRows;
        counts["bytes"] = new FileInfo(result.File).Length;
        counts["backups_deleted"] = result.Deleted.Count;
        counts["pg_dump"] = result.Manifest.Method == BackupMethods.PgDump ? 1 : 0;
        return counts;
    }
}

/// <summary>The weekly restore drill: the newest backup of <paramref name="folder"/> restored into a scratch database
/// (on the job's own PostgreSQL server, or an SQLite file) and compared with its manifest. No backup, a damaged one or
/// a difference fails the run.</summary>
public sealed class RestoreDrillJob(string folder, BackupSettings settings) : ICrmJob
{
    public const string JobName = "restore-drill";

    public string Name => JobName;

    public async Task<JobCounts> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var newest = DatabaseBackup.Newest(folder)
            ?? throw new InvalidOperationException($"no backup in {folder} to restore: is the backup job running?");
        var result = await new DatabaseBackup(context.Time, settings).VerifyAsync(newest, context.ConnectionString, cancellationToken);
        if (!result.Ok)
        {
            throw new InvalidOperationException($"{newest} restored with other counts than its manifest: {string.Join("; ", result.Differences)}");
        }

        var age = context.Time.GetUtcNow() - result.Manifest.CreatedAt;
        context.Log.RestoreDrillPassed(newest, age.TotalHours, result.Restored.Count, result.Restored.Values.Sum());
        var counts = new JobCounts();
        counts["tables"] = result.Restored.Count;
        counts["rows"] = result.Restored.Values.Sum();
        counts["backup_age_hours"] = (long)age.TotalHours;
        return counts;
    }
}
