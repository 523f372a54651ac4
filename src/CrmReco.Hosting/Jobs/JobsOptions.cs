using CrmReco.Core.Alerts;
using CrmReco.Core.Analytics;
using CrmReco.Core.Dashboard;
using CrmReco.Core.Email;
using CrmReco.Core.Import;
using CrmReco.Core.Jobs;
using CrmReco.Core.Recommendations;
using CrmReco.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmReco.Hosting.Jobs;

/// <summary>The "Jobs" configuration section: where the data is, and each job's schedule. Environment variables
/// use "__" for ":" (Jobs__NightlyScoring__Cron); see deploy/crmreco.env.example.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Older name of <c>ConnectionStrings:CrmReco</c>, still honoured (see <see cref="CrmRecoConnection"/>).</summary>
    public string? Database { get; set; }

    /// <summary>The folder the ERP export flow drops into.</summary>
    public string InboxPath { get; set; } = "exports/raw/isavigne";

    /// <summary>A file younger than this may still be being written; it waits for the next run.</summary>
    public int InboxSettleSeconds { get; set; } = 60;

    /// <summary>Extra header aliases (JSON) for the inbox import.</summary>
    public string? AliasesFile { get; set; }

    /// <summary>Time zone of the schedules that do not name theirs (IANA id).</summary>
    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>Imports the inbox every 15 minutes (the export lands Mondays around 06:00).</summary>
    public JobScheduleOptions ImportInbox { get; set; } = new() { Cron = "*/15 * * * *" };

    /// <summary>Analytics then recommendations, every night at 03:00.</summary>
    public NightlyScoringScheduleOptions NightlyScoring { get; set; } = new() { Cron = "0 3 * * *" };

    /// <summary>Purges and the inactive-customers report, Sundays at 04:30.</summary>
    public RetentionScheduleOptions Retention { get; set; } = new() { Cron = "30 4 * * 0" };

    /// <summary>The database backup, every night at 02:00 (before the scoring).</summary>
    public BackupScheduleOptions Backup { get; set; } = new() { Cron = "0 2 * * *" };

    /// <summary>The newest backup restored into a scratch database and checked, Sundays at 05:30.</summary>
    public JobScheduleOptions RestoreDrill { get; set; } = new() { Cron = "30 5 * * 0" };

    /// <summary>The alert rules on the job history, every 15 minutes (docs/operations.md, "Alerts").</summary>
    public AlertsScheduleOptions Alerts { get; set; } = new() { Cron = "*/15 * * * *" };

    /// <summary>Sends the approved campaigns whose date has come (and resumes interrupted sends), every 5 minutes.</summary>
    public JobScheduleOptions CampaignSend { get; set; } = new() { Cron = "*/5 * * * *" };

    /// <summary>Contacts to Brevo and Brevo's events back, every night at 02:30 (does nothing without a Brevo key).</summary>
    public JobScheduleOptions BrevoSync { get; set; } = new() { Cron = "30 2 * * *" };

    /// <summary>The weekly staff report to <c>Email:ReportRecipients</c>, Mondays at 07:00.</summary>
    public JobScheduleOptions WeeklyReport { get; set; } = new() { Cron = "0 7 * * 1" };

    /// <summary>Each job's name with its schedule, in the order they are listed.</summary>
    public IReadOnlyList<(string Job, JobScheduleOptions Schedule)> Schedules =>
    [
        (ImportInboxJob.JobName, ImportInbox),
        (NightlyScoringJob.JobName, NightlyScoring),
        (RetentionJob.JobName, Retention),
        (BackupJob.JobName, Backup),
        (RestoreDrillJob.JobName, RestoreDrill),
        (AlertJob.JobName, Alerts),
        (CampaignSendJob.JobName, CampaignSend),
        (ContactSyncJob.JobName, BrevoSync),
        (WeeklyReportJob.JobName, WeeklyReport),
    ];

    /// <summary>The job names the worker knows.</summary>
    public static IReadOnlyList<string> JobNames { get; } = [ImportInboxJob.JobName, NightlyScoringJob.JobName, RetentionJob.JobName, BackupJob.JobName, RestoreDrillJob.JobName, AlertJob.JobName, CampaignSendJob.JobName, ContactSyncJob.JobName, WeeklyReportJob.JobName];

    /// <summary>The schedule section of a job name.</summary>
    public JobScheduleOptions ScheduleOf(string job) => Schedules.Single(s => s.Job == job).Schedule;

    /// <summary>The jobs, configured, over the container's database (<c>AddCrmRecoCore</c>).</summary>
    public IReadOnlyList<ICrmJob> CreateJobs(IServiceProvider services) =>
    [
        new ImportInboxJob(new ImportInboxOptions(InboxPath, TimeSpan.FromSeconds(InboxSettleSeconds), AliasesFile), services.GetRequiredService<IImportStore>()),
        new NightlyScoringJob(services.GetRequiredService<DatabaseAnalytics>(), services.GetRequiredService<DatabaseRecommendations>(), NightlyScoring.RecommendationsPerCustomer,
            services.GetRequiredService<DataHealthHistoryStore>()),
        new RetentionJob(
            new RetentionOptions(TimeSpan.FromDays(Retention.JobRunsDays), TimeSpan.FromDays(Retention.QuarantineDays), Retention.InactiveAfterYears,
            [Path.Combine(InboxPath, ImportInboxOptions.ProcessedFolder), Path.Combine(InboxPath, ImportInboxOptions.RejectedFolder), Retention.UploadFolder]),
            services.GetRequiredService<JobRunStore>(),
            services.GetRequiredService<RetentionStore>()),
        new BackupJob(Backup.Folder, Backup.ToSettings()),
        new RestoreDrillJob(Backup.Folder, Backup.ToSettings()),
        // Without recipients the alerts are lines of the log (journald).
        new AlertJob(new AlertOptions(Alerts.NoImportDays, Alerts.TimeZone ?? TimeZone), Alerts.StateFile, services.GetRequiredService<JobRunStore>(),
            AlertRecipients(services) is { Count: > 0 } admins ? new StaffAlertSender(services.GetRequiredService<IStaffMailer>(), admins, services.GetRequiredService<TimeProvider>()) : null),
        new CampaignSendJob(services.GetRequiredService<CampaignSender>()),
        new ContactSyncJob(services.GetRequiredService<BrevoSync>(), services.GetRequiredService<IOptions<BrevoOptions>>().Value),
        new WeeklyReportJob(services.GetRequiredService<WeeklyReportService>(), services.GetRequiredService<IStaffMailer>(), services.GetRequiredService<IOptions<EmailOptions>>().Value.ReportRecipients,
            services.GetRequiredService<JobRunStore>(), TimeZoneInfo.FindSystemTimeZoneById(WeeklyReport.TimeZone ?? TimeZone)),
    ];

    /// <summary>Who gets the alerts: <c>Jobs:Alerts:Recipients</c>, else the weekly report's <c>Email:ReportRecipients</c>.</summary>
    private IReadOnlyList<string> AlertRecipients(IServiceProvider services) =>
        Alerts.Recipients.Count > 0 ? Alerts.Recipients : services.GetRequiredService<IOptions<EmailOptions>>().Value.ReportRecipients;

}

/// <summary>When a job runs.</summary>
public class JobScheduleOptions
{
    /// <summary>Cron expression: 5 fields (minute hour day month weekday) or 6 with seconds first.</summary>
    public string Cron { get; set; } = string.Empty;

    public bool Enabled { get; set; } = true;

    /// <summary>IANA time zone of the expression; default Jobs:TimeZone.</summary>
    public string? TimeZone { get; set; }

    /// <summary>At start, run once if an occurrence was missed since the last recorded start.</summary>
    public bool CatchUp { get; set; } = true;
}

/// <summary>The nightly scoring's schedule and settings.</summary>
public sealed class NightlyScoringScheduleOptions : JobScheduleOptions
{
    public int RecommendationsPerCustomer { get; set; } = 3;
}

/// <summary>The retention job's schedule and settings.</summary>
public sealed class RetentionScheduleOptions : JobScheduleOptions
{
    public int JobRunsDays { get; set; } = 180;

    public int QuarantineDays { get; set; } = 365;

    /// <summary>The CNIL's three years for prospects.</summary>
    public int InactiveAfterYears { get; set; } = 3;

    /// <summary>Where the API keeps uploaded exports (its Api:UploadFolder); purged with the inbox's
    /// processed/ and rejected/ after QuarantineDays.</summary>
    public string UploadFolder { get; set; } = "data/uploads";
}

/// <summary>The backup job's schedule and settings (also read by `crmreco backup`).</summary>
public sealed class BackupScheduleOptions : JobScheduleOptions
{
    /// <summary>Where the backups go (relative to the working folder); /var/lib/crmreco/backups on a server.</summary>
    public string Folder { get; set; } = "data/backups";

    public int KeepDaily { get; set; } = 7;

    public int KeepWeekly { get; set; } = 4;

    public int KeepMonthly { get; set; } = 12;

    /// <summary>Shell command run after each backup with $CRMRECO_BACKUP_FILE (an off-site copy); empty: none.</summary>
    public string? AfterCommand { get; set; }

    public int AfterCommandTimeoutMinutes { get; set; } = 30;

    /// <summary>Folder of pg_dump and pg_restore; empty: PATH.</summary>
    public string? PostgresBinFolder { get; set; }

    /// <summary>False: the COPY protocol even when pg_dump is installed.</summary>
    public bool UsePgDump { get; set; } = true;

    public Core.Backup.BackupSettings ToSettings() => new(
        new Core.Backup.RetentionPolicy(KeepDaily, KeepWeekly, KeepMonthly),
        string.IsNullOrWhiteSpace(AfterCommand) ? null : AfterCommand,
        TimeSpan.FromMinutes(AfterCommandTimeoutMinutes),
        string.IsNullOrWhiteSpace(PostgresBinFolder) ? null : PostgresBinFolder,
        UsePgDump);
}

/// <summary>The alerts' schedule and settings.</summary>
public sealed class AlertsScheduleOptions : JobScheduleOptions
{
    /// <summary>No export imported for this many days is an alert.</summary>
    public int NoImportDays { get; set; } = 8;

    /// <summary>What was sent and when (one alert per problem per day), relative to the working folder.</summary>
    public string StateFile { get; set; } = "data/alerts.json";

    /// <summary>Who gets the alerts by email; empty: <c>Email:ReportRecipients</c>; both empty: the log only.</summary>
    public List<string> Recipients { get; set; } = [];
}

/// <summary>Checks the section at start: a wrong cron or time zone stops the worker with a message naming the key.</summary>
public sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        foreach (var (job, schedule) in options.Schedules)
        {
            var key = $"{JobsOptions.SectionName}:{SectionOf(job)}";
            try
            {
                CronSchedule.Parse(schedule.Cron, schedule.TimeZone ?? options.TimeZone);
            }
            catch (FormatException ex)
            {
                errors.Add($"{key}: {ex.Message}");
            }
        }

        if (string.IsNullOrWhiteSpace(options.InboxPath))
        {
            errors.Add($"{JobsOptions.SectionName}:InboxPath is empty.");
        }

        if (options.InboxSettleSeconds < 0)
        {
            errors.Add($"{JobsOptions.SectionName}:InboxSettleSeconds must be 0 or more.");
        }

        if (options.NightlyScoring.RecommendationsPerCustomer < 1)
        {
            errors.Add($"{JobsOptions.SectionName}:NightlyScoring:RecommendationsPerCustomer must be at least 1.");
        }

        var retention = options.Retention;
        if (retention.JobRunsDays < 1 || retention.QuarantineDays < 1 || retention.InactiveAfterYears < 1)
        {
            errors.Add($"{JobsOptions.SectionName}:Retention: JobRunsDays, QuarantineDays and InactiveAfterYears must be at least 1.");
        }

        var backup = options.Backup;
        if (string.IsNullOrWhiteSpace(backup.Folder) || backup.KeepDaily < 1 || backup.KeepWeekly < 0 || backup.KeepMonthly < 0 || backup.AfterCommandTimeoutMinutes < 1)
        {
            errors.Add($"{JobsOptions.SectionName}:Backup: Folder is required, KeepDaily and AfterCommandTimeoutMinutes must be at least 1, KeepWeekly and KeepMonthly 0 or more.");
        }

        if (options.Alerts.NoImportDays < 1 || string.IsNullOrWhiteSpace(options.Alerts.StateFile))
        {
            errors.Add($"{JobsOptions.SectionName}:Alerts: NoImportDays must be at least 1 and StateFile is required.");
        }

        try
        {
            if (!string.IsNullOrWhiteSpace(options.Database))
            {
                CrmDatabase.ProviderOf(options.Database);
            }
        }
        catch (ArgumentException ex)
        {
            errors.Add($"{JobsOptions.SectionName}:Database: {ex.Message}");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string SectionOf(string job) => job switch
    {
        ImportInboxJob.JobName => nameof(JobsOptions.ImportInbox),
        NightlyScoringJob.JobName => nameof(JobsOptions.NightlyScoring),
        BackupJob.JobName => nameof(JobsOptions.Backup),
        RestoreDrillJob.JobName => nameof(JobsOptions.RestoreDrill),
        AlertJob.JobName => nameof(JobsOptions.Alerts),
        CampaignSendJob.JobName => nameof(JobsOptions.CampaignSend),
        ContactSyncJob.JobName => nameof(JobsOptions.BrevoSync),
        WeeklyReportJob.JobName => nameof(JobsOptions.WeeklyReport),
        _ => nameof(JobsOptions.Retention),
    };
}
