using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CrmReco.Core;

/// <summary>
/// CrmReco's own measurements (System.Diagnostics.Metrics, meter "CrmReco"): imports, jobs and emails. Core only
/// records; a host decides whether to export them (the API serves them with the HTTP and runtime meters at
/// <c>/metrics</c> in Prometheus format: docs/operations.md, "Metrics").
/// </summary>
public static class CrmRecoMetrics
{
    public const string MeterName = "CrmReco";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> ImportFiles = Meter.CreateCounter<long>("crmreco.import.files", "{file}", "Export files imported, by status (loaded, skipped, rejected).");
    private static readonly Counter<long> ImportRows = Meter.CreateCounter<long>("crmreco.import.rows", "{row}", "Rows of the files imported, by outcome (loaded, duplicate, quarantined).");
    private static readonly Counter<long> JobRuns = Meter.CreateCounter<long>("crmreco.job.runs", "{run}", "Job runs, by job and status (succeeded, failed, abandoned).");
    private static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>("crmreco.job.duration", "s", "How long job runs take, by job and status.");
    private static readonly Counter<long> EmailMessages = Meter.CreateCounter<long>("crmreco.email.messages", "{email}", "Campaign emails handed to the transport, by outcome (sent, failed) and transport (brevo, outbox).");
    private static readonly Counter<long> EmailEvents = Meter.CreateCounter<long>("crmreco.email.events", "{event}", "Brevo events stored (webhook or pulled), by event (delivered, hard_bounce, unsubscribed...).");

    internal static void FileImported(string status, int loaded, int duplicate, int quarantined)
    {
        ImportFiles.Add(1, new KeyValuePair<string, object?>("status", status));
        ImportRows.Add(loaded, new KeyValuePair<string, object?>("outcome", "loaded"));
        ImportRows.Add(duplicate, new KeyValuePair<string, object?>("outcome", "duplicate"));
        ImportRows.Add(quarantined, new KeyValuePair<string, object?>("outcome", "quarantined"));
    }

    internal static void JobFinished(string job, string status, TimeSpan duration)
    {
        var tags = new TagList { { "job", job }, { "status", status } };
        JobRuns.Add(1, tags);
        JobDuration.Record(duration.TotalSeconds, tags);
    }

    internal static void EmailsHandedOver(string transport, int sent, int failed)
    {
        EmailMessages.Add(sent, new KeyValuePair<string, object?>("outcome", "sent"), new KeyValuePair<string, object?>("transport", transport));
        EmailMessages.Add(failed, new KeyValuePair<string, object?>("outcome", "failed"), new KeyValuePair<string, object?>("transport", transport));
    }

    internal static void EmailEventStored(string name) => EmailEvents.Add(1, new KeyValuePair<string, object?>("event", name));
}
