using CrmReco.Core.Jobs;
using CrmReco.Core.Storage;
using Microsoft.Extensions.Options;

namespace CrmReco.Hosting.Jobs;

/// <summary>The "Jobs" configuration section: where the data is, and each job's schedule. Environment variables
/// use "__" for ":" (Jobs__NightlyScoring__Cron); see deploy/crmreco.env.example.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>ADO.NET connection string; default $CRMRECO_DB, else the embedded SQLite file.</summary>
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

    /// <summary>Sends the approved campaigns whose date has come (and resumes interrupted sends), every 5 minutes.</summary>
    public JobScheduleOptions CampaignSend { get; set; } = new() { Cron = "*/5 * * * *" };

    /// <summary>Contacts to Brevo and Brevo's events back, every night at 02:30 (does nothing without a Brevo key).</summary>
    public JobScheduleOptions BrevoSync { get; set; } = new() { Cron = "30 2 * * *" };

    /// <summary>Each job's name with its schedule, in the order they are listed.</summary>
    public IReadOnlyList<(string Job, JobScheduleOptions Schedule)> Schedules =>
    [
        (ImportInboxJob.JobName, ImportInbox),
        (NightlyScoringJob.JobName, NightlyScoring),
        (RetentionJob.JobName, Retention),
        (CampaignSendJob.JobName, CampaignSend),
        (ContactSyncJob.JobName, BrevoSync),
    ];

    /// <summary>The job names the worker knows.</summary>
    public static IReadOnlyList<string> JobNames { get; } = [ImportInboxJob.JobName, NightlyScoringJob.JobName, RetentionJob.JobName, CampaignSendJob.JobName, ContactSyncJob.JobName];

    /// <summary>The schedule section of a job name.</summary>
    public JobScheduleOptions ScheduleOf(string job) => Schedules.Single(s => s.Job == job).Schedule;

    /// <summary>The database: Jobs:Database, else CRMRECO_DB (configuration or environment), else the default.</summary>
    public string ResolveDatabase(Microsoft.Extensions.Configuration.IConfiguration? configuration = null) =>
        CrmDatabase.Resolve(!string.IsNullOrWhiteSpace(Database) ? Database : configuration?[CrmDatabase.EnvironmentVariable]);

    /// <summary>The jobs, configured; the email jobs read the host's "Brevo" and "Email" sections from <paramref name="configuration"/>.</summary>
    public IReadOnlyList<ICrmJob> CreateJobs(Microsoft.Extensions.Configuration.IConfiguration? configuration = null) =>
    [
        new ImportInboxJob(new ImportInboxOptions(InboxPath, TimeSpan.FromSeconds(InboxSettleSeconds), AliasesFile)),
        new NightlyScoringJob(NightlyScoring.RecommendationsPerCustomer),
        new RetentionJob(new RetentionOptions(TimeSpan.FromDays(Retention.JobRunsDays), TimeSpan.FromDays(Retention.QuarantineDays), Retention.InactiveAfterYears,
            [Path.Combine(InboxPath, ImportInboxOptions.ProcessedFolder), Path.Combine(InboxPath, ImportInboxOptions.RejectedFolder), Retention.UploadFolder])),
        new CampaignSendJob(configuration ?? EmptyConfiguration),
        new ContactSyncJob(configuration ?? EmptyConfiguration),
    ];

    private static readonly Microsoft.Extensions.Configuration.IConfiguration EmptyConfiguration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
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

        try
        {
            CrmDatabase.ProviderOf(options.ResolveDatabase());
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
        CampaignSendJob.JobName => nameof(JobsOptions.CampaignSend),
        ContactSyncJob.JobName => nameof(JobsOptions.BrevoSync),
        _ => nameof(JobsOptions.Retention),
    };
}
