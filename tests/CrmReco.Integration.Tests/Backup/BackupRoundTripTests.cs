using CrmReco.Core.Backup;
using CrmReco.Core.Jobs;
using CrmReco.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace CrmReco.Integration.Tests.Backup;

/// <summary>Backup → restore → verify on real SQLite files and a real PostgreSQL (pg_dump and the COPY protocol),
/// and damaged backups refused, through the classes and the exact command lines.</summary>
public sealed class BackupRoundTripTests
{
    /// <summary>pg_dump/pg_restore of the throwaway server (scripts/pg-throwaway.sh), else PATH.</summary>
    private static readonly BackupSettings Settings = new(PostgresBinFolder: Environment.GetEnvironmentVariable("PG_THROWAWAY_BIN") is { Length: > 0 } bin ? bin : null);

    public static TheoryData<string, bool> ProvidersAndMethods
    {
        get
        {
            var data = new TheoryData<string, bool> { { "sqlite", true } };
            // As Providers.All: PostgreSQL whenever configured, and always in CI (where its absence then fails).
            if (TestDatabases.PostgresAdminConnectionString is not null || TestDatabases.IsCi)
            {
                data.Add("postgres", true);
                data.Add("postgres", false);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ProvidersAndMethods))]
    public async Task Backup_RestoreAndVerify_RoundTripsWithTheSameCountsAndData(string provider, bool pgDump)
    {
        var source = await SeededAsync(provider);
        var folder = NewFolder();
        var backup = new DatabaseBackup(TimeProvider.System, Settings with { UsePgDump = pgDump });

        var made = await backup.BackupAsync(source, folder);

        var manifest = made.Manifest;
        Assert.Equal(provider == "sqlite" ? BackupMethods.SqliteOnlineBackup : pgDump ? BackupMethods.PgDump : BackupMethods.PostgresCopy, manifest.Method);
        Assert.Equal(305, manifest.Tables["customers"]);
        Assert.Equal(1516, manifest.Tables["sales_lines"]);
        Assert.Equal(1, manifest.Tables["users"]);
        Assert.Equal((await TestServices.Get<DatabaseSchema>(source).VersionAsync()).Latest, manifest.SchemaVersion);
        Assert.Equal(64, manifest.PayloadSha256.Length);

        var verified = await backup.VerifyAsync(made.File, TestDatabases.PostgresAdminConnectionString);
        Assert.True(verified.Ok, string.Join("; ", verified.Differences));
        Assert.Equal(manifest.Tables, verified.Restored);

        var target = TestDatabases.New(provider);
        var restored = await backup.RestoreAsync(made.File, target, force: false);
        Assert.Equal(manifest.Tables, restored.Restored);
        // The same data, not only the same counts: what the CLI reports of both databases is identical.
        Assert.Equal((await Cli("status", "--json", "--db", source)).StdOut, (await Cli("status", "--json", "--db", target)).StdOut);
        Assert.Equal((await Cli("user", "list", "--json", "--db", source)).StdOut, (await Cli("user", "list", "--json", "--db", target)).StdOut);

        // The restored database works on: its identities continue (a new import run gets a new id), and a backup of it
        // has the same counts.
        await Cli("user", "add", "second@estate.test", "--role", "viewer", "--password", "long-enough-password", "--db", target);
        var again = await new DatabaseBackup(new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(1)), Settings with { UsePgDump = pgDump }).BackupAsync(target, folder);
        Assert.Equal(manifest.Tables["users"] + 1, again.Manifest.Tables["users"]);
        Assert.Equal(manifest.Tables.Where(t => t.Key is not ("users" or "audit_log")), again.Manifest.Tables.Where(t => t.Key is not ("users" or "audit_log")));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Backup_WhileTheApplicationWrites_IsConsistent(string provider)
    {
        var source = await SeededAsync(provider);
        var accounts = TestServices.Get<Core.Accounts.AccountStore>(source);
        using var stop = new CancellationTokenSource();
        var written = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await accounts.AuditAsync("tests", "write.during.backup", null, null);
                Interlocked.Increment(ref written);
            }
        });
        while (Volatile.Read(ref written) < 20)
        {
            await Task.Delay(10);
        }

        var made = await new DatabaseBackup(TimeProvider.System, Settings).BackupAsync(source, NewFolder());
        await stop.CancelAsync();
        await writer;

        // The manifest's counts and the data come from one snapshot: the restore matches it exactly, while the
        // source kept growing.
        var verified = await new DatabaseBackup(TimeProvider.System, Settings).VerifyAsync(made.File, TestDatabases.PostgresAdminConnectionString);
        Assert.True(verified.Ok, string.Join("; ", verified.Differences));
        Assert.InRange(made.Manifest.Tables["audit_log"], 20, written + 1);
    }

    [Fact]
    public async Task Restore_NonEmptyTarget_IsRefusedUnlessForced()
    {
        var source = await SeededAsync("sqlite");
        var file = (await new DatabaseBackup(TimeProvider.System).BackupAsync(source, NewFolder())).File;
        var target = await SeededAsync("sqlite");
        await Cli("user", "add", "extra@estate.test", "--role", "viewer", "--password", "long-enough-password", "--db", target);

        var refused = await CliRunner.RunAsync("restore", file, "--db", target);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("the target database is not empty", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("--force", refused.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, (await Cli("user", "list", "--json", "--db", target)).Json.GetArrayLength()); // untouched

        var forced = await CliRunner.RunAsync("restore", file, "--db", target, "--force");
        Assert.True(forced.ExitCode == 0, forced.StdErr);
        Assert.Equal(1, (await Cli("user", "list", "--json", "--db", target)).Json.GetArrayLength());
    }

    [Fact]
    public async Task Restore_BackupOfAnotherProvider_IsRefused()
    {
        var file = (await new DatabaseBackup(TimeProvider.System).BackupAsync(await SeededAsync("sqlite"), NewFolder())).File;

        var result = await CliRunner.RunAsync("restore", file, "--db", "Host=127.0.0.1;Port=1;Database=nowhere");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("this is a sqlite backup: it restores into a sqlite database, not postgresql", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TruncatedBackup_IsRefusedWithAClearMessage()
    {
        var file = (await new DatabaseBackup(TimeProvider.System).BackupAsync(await SeededAsync("sqlite"), NewFolder())).File;
        var truncated = Path.Combine(NewFolder(), "truncated.zip");
        var bytes = await File.ReadAllBytesAsync(file);
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);

        var result = await CliRunner.RunAsync("backup", "verify", truncated);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is truncated or corrupted", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("Do not restore it", result.StdErr, StringComparison.Ordinal);
        var target = TestDatabases.NewSqlite();
        Assert.Equal(1, (await CliRunner.RunAsync("restore", truncated, "--db", target)).ExitCode);
        Assert.False(File.Exists(target["Data Source=".Length..]), "a damaged backup must not touch the target");
    }

    [Fact]
    public async Task Verify_CorruptedPayload_IsRefusedByItsChecksum()
    {
        var file = (await new DatabaseBackup(TimeProvider.System).BackupAsync(await SeededAsync("sqlite"), NewFolder())).File;
        var corrupted = Path.Combine(NewFolder(), "corrupted.zip");
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[bytes.Length / 3] ^= 0x5A; // inside the payload entry, which comes first
        await File.WriteAllBytesAsync(corrupted, bytes);

        var result = await CliRunner.RunAsync("backup", "verify", corrupted);

        Assert.Equal(1, result.ExitCode);
        Assert.Matches("corrupted|truncated", result.StdErr);
        Assert.Contains("Do not restore it", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_NotABackup_SaysSo()
    {
        var file = Path.Combine(NewFolder(), "crmreco-20261207T020000Z.zip");
        await File.WriteAllTextAsync(file, "not a zip at all");

        var result = await CliRunner.RunAsync("backup", "verify", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not a readable zip archive", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackupCommand_Out_WritesTheFileAndAppliesTheRetention()
    {
        var source = await SeededAsync("sqlite");
        var folder = NewFolder();
        var old = Enumerable.Range(10, 3).Select(d => Path.Combine(folder, BackupRetention.FileName(DateTimeOffset.UtcNow.AddDays(-d)))).ToList();
        var unrelated = Path.Combine(folder, "keep-me.txt");
        foreach (var file in old.Append(unrelated))
        {
            await File.WriteAllTextAsync(file, "x");
        }

        var result = await CliRunner.RunAsync("backup", "--db", source, "--out", folder, "--json");

        Assert.True(result.ExitCode == 0, result.StdErr);
        var made = result.Json.GetProperty("file").GetString()!;
        Assert.True(File.Exists(made));
        Assert.Equal(BackupMethods.SqliteOnlineBackup, result.Json.GetProperty("manifest").GetProperty("method").GetString());
        Assert.True(File.Exists(unrelated));
        Assert.All(old, f => Assert.True(File.Exists(f), "4 older daily backups are within 7 days' rule")); // 4 files in 4 days
        Assert.Empty(Directory.GetFiles(folder, "*.partial"));
        Assert.Empty(Directory.GetFiles(folder, ".*payload"));
    }

    [Fact]
    public async Task Backup_AfterCommand_RunsWithTheNewFile_AndItsFailureFailsTheBackup()
    {
        var source = await SeededAsync("sqlite");
        var offsite = NewFolder();
        var copied = await new DatabaseBackup(TimeProvider.System, new BackupSettings(AfterCommand: $"cp \"$CRMRECO_BACKUP_FILE\" '{offsite}/'")).BackupAsync(source, NewFolder());
        Assert.True(File.Exists(Path.Combine(offsite, Path.GetFileName(copied.File))));

        var failing = new DatabaseBackup(TimeProvider.System, new BackupSettings(AfterCommand: "echo 'rclone: remote unreachable' >&2; exit 3"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.BackupAsync(source, NewFolder()));
        Assert.Contains("after-backup command failed (exit 3): rclone: remote unreachable", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Jobs_BackupThenRestoreDrill_BothSucceed(string provider)
    {
        var db = await SeededAsync(provider);
        var folder = NewFolder();
        var runner = new JobRunner(TestServices.Get<JobRunStore>(db), [new BackupJob(folder, Settings), new RestoreDrillJob(folder, Settings)]);

        var backup = await runner.RunOnceAsync(BackupJob.JobName, JobTriggers.Schedule);
        var drill = await runner.RunOnceAsync(RestoreDrillJob.JobName, JobTriggers.Schedule);

        Assert.True(backup.Status == JobStatuses.Succeeded, backup.Error);
        Assert.True(drill.Status == JobStatuses.Succeeded, drill.Error);
        Assert.Equal(backup.Counts["rows"], drill.Counts["rows"]);
        Assert.Equal(backup.Counts["tables"], drill.Counts["tables"]);
    }

    [Fact]
    public async Task RestoreDrillJob_NoBackup_FailsWithTheReason()
    {
        var db = TestDatabases.NewSqlite();
        await Cli("migrate", "--db", db);
        var runner = new JobRunner(TestServices.Get<JobRunStore>(db), [new RestoreDrillJob(NewFolder(), Settings)]);

        var drill = await runner.RunOnceAsync(RestoreDrillJob.JobName, JobTriggers.Schedule);

        Assert.Equal(JobStatuses.Failed, drill.Status);
        Assert.Contains("no backup in", drill.Error, StringComparison.Ordinal);
    }

    /// <summary>The sample estate imported and one login, in a fresh database.</summary>
    private static async Task<string> SeededAsync(string provider)
    {
        var db = TestDatabases.New(provider);
        await Cli("demo", "--db", db);
        await Cli("user", "add", "admin@estate.test", "--role", "admin", "--password", "long-enough-password", "--db", db);
        return db;
    }

    private static async Task<CliResult> Cli(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"crmreco {string.Join(' ', args)} failed: {result.StdErr}");
        return result;
    }

    private static string NewFolder() => Directory.CreateTempSubdirectory("crmreco-backup-tests-").FullName;
}
