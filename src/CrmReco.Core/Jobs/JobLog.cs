using Microsoft.Extensions.Logging;

namespace CrmReco.Core.Jobs;

/// <summary>Every line the jobs write, with its fields named (journald and any structured sink keep them apart).
/// The runner adds the job's name, run id and trigger to each as a scope.</summary>
internal static partial class JobLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job}: not run ({Trigger}), another worker holds its lock (run #{RunId}).")]
    public static partial void SkippedLocked(this ILogger logger, string job, string trigger, long runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job}: run #{RunId} started ({Trigger}).")]
    public static partial void Started(this ILogger logger, string job, long runId, string trigger);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job}: run #{RunId} {Status} in {Seconds:0.0} s{Error}{Counts}.")]
    public static partial void Finished(this ILogger logger, string job, long runId, string status, double seconds, string error, string counts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "alert {AlertKey}: {Subject} — {Body}")]
    public static partial void AlertNotSent(this ILogger logger, string alertKey, string subject, string body);

    [LoggerMessage(Level = LogLevel.Information, Message = "backup {File}: {Method}, {Tables} tables, {Rows} rows, {Bytes} bytes; {Deleted} old backup(s) deleted")]
    public static partial void BackupWritten(this ILogger logger, string file, string method, int tables, long rows, long bytes, int deleted);

    [LoggerMessage(Level = LogLevel.Information, Message = "restore drill: {File} ({AgeHours:0} h old) restored, {Tables} tables and {Rows} rows as in its manifest")]
    public static partial void RestoreDrillPassed(this ILogger logger, string file, double ageHours, int tables, long rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "campaign {CampaignId}: {State}, {Sent} sent, {Failed} failed, {Uncertain} uncertain{Errors}")]
    public static partial void CampaignSent(this ILogger logger, long campaignId, string state, int sent, int failed, int uncertain, string errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "no Brevo:ApiKey: nothing to synchronize.")]
    public static partial void NoBrevoKey(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "no sales in the database yet: nothing to score.")]
    public static partial void NothingToScore(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "analytics run #{AnalyticsRunId}: {Customers} customers, {Moves} segment move(s).")]
    public static partial void Scored(this ILogger logger, long? analyticsRunId, int customers, int moves);

    [LoggerMessage(Level = LogLevel.Warning, Message = "analytics run #{AnalyticsRunId}: {Customers} customers; propensity not computed ({Reason}).")]
    public static partial void ScoredWithoutPropensity(this ILogger logger, long? analyticsRunId, int customers, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Customers} customer(s) inactive for more than {Years} years (no purchase since {Cutoff:yyyy-MM-dd}): ask for consent again or erase them (GDPR erase in the API).")]
    public static partial void InactiveCustomers(this ILogger logger, long customers, int years, DateOnly cutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email:ReportRecipients is empty: no weekly report to send.")]
    public static partial void NoReportRecipients(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "this week's report was already sent by run {EarlierRunId}.")]
    public static partial void ReportAlreadySent(this ILogger logger, long earlierRunId);

    [LoggerMessage(Level = LogLevel.Information, Message = "\"{Subject}\" sent to {Recipients} recipient(s) through {Mailer} ({Where}).")]
    public static partial void ReportSent(this ILogger logger, string subject, int recipients, string mailer, string where);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Folder}/: {Files} file(s) left in place, this kind of export is not imported.")]
    public static partial void InboxFolderIgnored(this ILogger logger, string folder, int files);

    [LoggerMessage(Level = LogLevel.Warning, Message = "rejected {File}: {Error}")]
    public static partial void InboxFileRejected(this ILogger logger, string file, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{File}: {Status}, {RowsRead} rows read, {RowsLoaded} loaded, {RowsDuplicate} already present, {RowsRejected} quarantined ({FileNumber}/{FileCount}).")]
    public static partial void InboxFileImported(this ILogger logger, string file, string status, long rowsRead, long rowsLoaded, long rowsDuplicate, long rowsRejected, int fileNumber, int fileCount);
}
