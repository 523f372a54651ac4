using System.Globalization;

namespace CrmReco.Core.Backup;

/// <summary>How many backups to keep: the newest of each of the last <paramref name="Daily"/> days that have one,
/// of the last <paramref name="Weekly"/> ISO weeks and of the last <paramref name="Monthly"/> months (as restic's
/// --keep-daily/-weekly/-monthly). A backup kept by any rule is kept.</summary>
public sealed record RetentionPolicy(int Daily = 7, int Weekly = 4, int Monthly = 12)
{
    public static RetentionPolicy Default { get; } = new();
}

/// <summary>Which backups to delete under a <see cref="RetentionPolicy"/>. Pure: dates in, names out (UTC days).</summary>
public static class BackupRetention
{
    public const string FilePrefix = "crmreco-";
    public const string FileExtension = ".zip";
    private const string StampFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>The file name of a backup made at <paramref name="createdAt"/>: crmreco-20261207T020000Z.zip.</summary>
    public static string FileName(DateTimeOffset createdAt) =>
        FilePrefix + createdAt.UtcDateTime.ToString(StampFormat, CultureInfo.InvariantCulture) + FileExtension;

    /// <summary>The time in a backup's file name, or null for any other file.</summary>
    public static DateTimeOffset? TimeOf(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Path.GetFileName(fileName);
        if (!name.StartsWith(FilePrefix, StringComparison.Ordinal) || !name.EndsWith(FileExtension, StringComparison.Ordinal))
        {
            return null;
        }

        var stamp = name[FilePrefix.Length..^FileExtension.Length];
        return DateTime.TryParseExact(stamp, StampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? new DateTimeOffset(time, TimeSpan.Zero)
            : null;
    }

    /// <summary>The backups to keep, newest first.</summary>
    public static IReadOnlyList<DateTimeOffset> Keep(IEnumerable<DateTimeOffset> backups, RetentionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(backups);
        ArgumentNullException.ThrowIfNull(policy);
        var newestFirst = backups.Distinct().OrderByDescending(b => b).ToList();
        var kept = new HashSet<DateTimeOffset>();
        KeepNewestPerBucket(newestFirst, policy.Daily, b => b.UtcDateTime.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), kept);
        KeepNewestPerBucket(newestFirst, policy.Weekly, b => string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(b.UtcDateTime)}-W{ISOWeek.GetWeekOfYear(b.UtcDateTime)}"), kept);
        KeepNewestPerBucket(newestFirst, policy.Monthly, b => b.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture), kept);
        return newestFirst.Where(kept.Contains).ToList();
    }

    /// <summary>The backup files of a folder to delete (their names), the others being kept by the policy. Files
    /// not named as backups are never chosen.</summary>
    public static IReadOnlyList<string> ToDelete(IEnumerable<string> fileNames, RetentionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(fileNames);
        var backups = fileNames.Select(f => (File: f, Time: TimeOf(f))).Where(b => b.Time is not null).ToList();
        var keep = Keep(backups.Select(b => b.Time!.Value), policy).ToHashSet();
        return backups.Where(b => !keep.Contains(b.Time!.Value)).Select(b => b.File).OrderBy(f => f, StringComparer.Ordinal).ToList();
    }

    private static void KeepNewestPerBucket(List<DateTimeOffset> newestFirst, int buckets, Func<DateTimeOffset, string> bucketOf, HashSet<DateTimeOffset> kept)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var backup in newestFirst)
        {
            if (seen.Count >= buckets)
            {
                break;
            }

            if (seen.Add(bucketOf(backup)))
            {
                kept.Add(backup);
            }
        }
    }
}
