using CrmReco.Core.Backup;

namespace CrmReco.Core.Tests.Backup;

public sealed class BackupRetentionTests
{
    private static DateTimeOffset At(int year, int month, int day, int hour = 2) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Keep_ANightlyBackupForThirteenMonths_Keeps7Daily4Weekly12Monthly()
    {
        // Every night from 2025-11-01 to Monday 2026-12-07.
        var backups = new List<DateTimeOffset>();
        for (var day = At(2025, 11, 1); day <= At(2026, 12, 7); day = day.AddDays(1))
        {
            backups.Add(day);
        }

        var kept = BackupRetention.Keep(backups, RetentionPolicy.Default);

        DateTimeOffset[] daily = [At(2026, 12, 7), At(2026, 12, 6), At(2026, 12, 5), At(2026, 12, 4), At(2026, 12, 3), At(2026, 12, 2), At(2026, 12, 1)];
        // ISO weeks: the newest of this week (Monday the 7th) and of the three before (their Sundays; the 6th is daily already).
        DateTimeOffset[] weekly = [At(2026, 11, 29), At(2026, 11, 22)];
        // Months: the newest of each of the last 12 (December's is the 7th, kept already).
        DateTimeOffset[] monthly =
        [
            At(2026, 11, 30), At(2026, 10, 31), At(2026, 9, 30), At(2026, 8, 31), At(2026, 7, 31), At(2026, 6, 30),
            At(2026, 5, 31), At(2026, 4, 30), At(2026, 3, 31), At(2026, 2, 28), At(2026, 1, 31),
        ];
        Assert.Equal(daily.Concat(weekly).Concat(monthly).OrderByDescending(d => d), kept);
    }

    [Fact]
    public void Keep_SeveralBackupsADay_KeepsTheNewestOfEachDay()
    {
        DateTimeOffset[] backups = [At(2026, 12, 7, 2), At(2026, 12, 7, 14), At(2026, 12, 6, 2), At(2026, 12, 6, 9)];

        var kept = BackupRetention.Keep(backups, new RetentionPolicy(Daily: 7, Weekly: 0, Monthly: 0));

        Assert.Equal([At(2026, 12, 7, 14), At(2026, 12, 6, 9)], kept);
    }

    [Fact]
    public void Keep_FewerBackupsThanTheRules_KeepsThemAll()
    {
        DateTimeOffset[] backups = [At(2026, 1, 1), At(2026, 3, 15), At(2026, 12, 7)];

        Assert.Equal(backups.OrderByDescending(b => b), BackupRetention.Keep(backups, RetentionPolicy.Default));
    }

    [Fact]
    public void ToDelete_AFolder_ChoosesOnlyBackupFilesBeyondThePolicy()
    {
        var names = Enumerable.Range(0, 10).Select(i => BackupRetention.FileName(At(2026, 12, 7).AddDays(-i))).ToList();
        names.Add("notes.txt");
        names.Add("crmreco-garbage.zip");

        var deleted = BackupRetention.ToDelete(names, new RetentionPolicy(Daily: 7, Weekly: 0, Monthly: 0));

        Assert.Equal(["crmreco-20261128T020000Z.zip", "crmreco-20261129T020000Z.zip", "crmreco-20261130T020000Z.zip"], deleted);
    }

    [Fact]
    public void FileName_RoundTripsThroughTimeOf()
    {
        var at = new DateTimeOffset(2026, 12, 7, 3, 4, 5, TimeSpan.FromHours(1));

        Assert.Equal("crmreco-20261207T020405Z.zip", BackupRetention.FileName(at));
        Assert.Equal(at, BackupRetention.TimeOf("/var/lib/crmreco/backups/crmreco-20261207T020405Z.zip"));
        Assert.Null(BackupRetention.TimeOf("crmreco-20261207.zip"));
    }
}
