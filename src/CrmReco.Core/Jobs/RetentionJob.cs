namespace CrmReco.Core.Jobs;

/// <summary>Retention settings (see docs/operations.md, "Retention and the CNIL").</summary>
/// <param name="JobRunsAge">Job runs started longer ago are deleted (never a running one).</param>
/// <param name="QuarantineAge">Quarantined rows of imports started longer ago are deleted; the import history
/// itself stays (its SHA-256 list is what stops an old export from being imported twice).</param>
/// <param name="InactiveAfterYears">A customer with no purchase (and, without any purchase, no change in the
/// exports) for this many years is counted as inactive: the CNIL's three years for prospects.</param>
/// <param name="ExportFolders">Folders keeping export files once imported (the inbox's processed/ and rejected/,
/// the API's uploads): files last written longer ago than <paramref name="QuarantineAge"/> are deleted, like the
/// quarantined rows, since they hold the same personal data; then the empty folders under them.</param>
public sealed record RetentionOptions(TimeSpan JobRunsAge, TimeSpan QuarantineAge, int InactiveAfterYears = 3, IReadOnlyList<string>? ExportFolders = null);

/// <summary>
/// Purges what only serves for a while (old job runs, old quarantined rows, old export files) and reports the customers inactive
/// for more than <see cref="RetentionOptions.InactiveAfterYears"/> years. It counts them, it does not delete
/// them: erasing or anonymising a person is a decision (re-consent campaign first, then the API's GDPR erase).
/// </summary>
public sealed class RetentionJob(RetentionOptions options, JobRunStore runs, RetentionStore store) : ICrmJob
{
    public const string JobName = "retention";

    public string Name => JobName;

    public async Task<JobCounts> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = context.Time.GetUtcNow();
        var counts = new JobCounts();
        counts["job_runs_purged"] = await runs.PurgeAsync(now - options.JobRunsAge, cancellationToken);
        counts["quarantined_rows_purged"] = await store.PurgeQuarantineAsync(now - options.QuarantineAge, cancellationToken);
        counts["export_files_purged"] = PurgeFiles(options.ExportFolders ?? [], (now - options.QuarantineAge).UtcDateTime);

        var cutoff = DateOnly.FromDateTime(now.UtcDateTime).AddYears(-options.InactiveAfterYears);
        var (inactive, inactiveWithEmail) = await store.CountInactiveAsync(cutoff, cancellationToken);
        counts["inactive_customers"] = inactive;
        counts["inactive_customers_with_email"] = inactiveWithEmail;
        counts["inactive_after_years"] = options.InactiveAfterYears;
        if (counts["inactive_customers"] > 0)
        {
            context.Log.InactiveCustomers(counts["inactive_customers"], options.InactiveAfterYears, cutoff);
        }

        return counts;
    }

    private static long PurgeFiles(IEnumerable<string> folders, DateTime before)
    {
        long purged = 0;
        foreach (var folder in folders.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToList())
            {
                if (File.GetLastWriteTimeUtc(file) < before)
                {
                    File.Delete(file);
                    purged++;
                }
            }

            // Deepest first, so a folder emptied by its children goes too; never the folder itself.
            foreach (var directory in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).ToList())
            {
                if (!Directory.EnumerateFileSystemEntries(directory).Any())
                {
                    Directory.Delete(directory);
                }
            }
        }

        return purged;
    }
}
