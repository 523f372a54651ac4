using CrmReco.Core.Email;

namespace CrmReco.Core.Jobs;

/// <summary>The weekly staff report (Mondays): last week's sales, imports and their errors, data health, campaigns
/// sent and their results so far, emailed to <c>Email:ReportRecipients</c> (Brevo, or the outbox without a key).
/// Sent once per week: a later run of the same week (catch-up, "run now") finds the earlier one in the history.</summary>
public sealed class WeeklyReportJob(WeeklyReportService reports, IStaffMailer mailer, IReadOnlyList<string> recipients, JobRunStore history, TimeZoneInfo zone) : ICrmJob
{
    public const string JobName = "weekly-report";

    public string Name => JobName;

    public async Task<JobCounts> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var counts = new JobCounts();
        if (recipients.Count == 0)
        {
            context.Log.NoReportRecipients();
            return counts;
        }

        var now = context.Time.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var (_, lastDay) = WeeklyReportService.WeekBefore(today);
        var weekStarted = new DateTimeOffset(lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(now));
        var earlier = (await history.ListAsync(0, 50, JobName, cancellationToken)).Items
            .FirstOrDefault(r => r.Id != context.RunId && r.Status == JobStatuses.Succeeded && r.StartedAt >= weekStarted && r.Counts.TryGetValue("sent", out var n) && n > 0);
        if (earlier is not null)
        {
            context.Log.ReportAlreadySent(earlier.Id);
            return counts;
        }

        var report = await reports.BuildAsync(today, cancellationToken);
        var message = reports.Render(report);
        var where = await mailer.SendAsync(message, recipients, cancellationToken);
        context.Log.ReportSent(message.Subject, recipients.Count, mailer.Name, where);
        counts["sent"] = 1;
        counts["recipients"] = recipients.Count;
        return counts;
    }
}
