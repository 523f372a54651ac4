using System.Globalization;
using CrmReco.Core.Backup;
using CrmReco.Core.Jobs;

namespace CrmReco.Core.Alerts;

/// <summary>One problem to tell the admins about.</summary>
/// <param name="Key">Identifies the problem: at most one alert per key and day ("job-failed:backup",
/// "inbox-rejected:run-42", "no-import").</param>
/// <param name="Subject">The email's subject (French, as the estate's emails).</param>
/// <param name="Body">What happened and what to do, in plain text.</param>
/// <param name="Repeats">A state (a job still failing, still no import) is reminded once a day until it is fixed;
/// an event (files rejected by one run) is told once.</param>
public sealed record Alert(string Key, string Subject, string Body, bool Repeats);

/// <summary>The alert rules' settings.</summary>
/// <param name="NoImportDays">No export imported for this many days is a problem (the ERP's export is weekly).</param>
/// <param name="TimeZone">The day of "one alert per problem per day" (IANA id).</param>
public sealed record AlertOptions(int NoImportDays = 8, string TimeZone = "Europe/Paris");

/// <summary>Sends alerts to the configured admins. The email transport of the campaigns (Brevo, or the outbox folder
/// without it) will implement it; the rules do not depend on it.</summary>
public interface IAlertSender
{
    Task SendAsync(Alert alert, CancellationToken cancellationToken = default);
}

/// <summary>
/// Which alerts to send now, from the job history: a job whose latest run failed (the backup and the restore drill
/// named as such), an inbox import that rejected files, no successful import for <see cref="AlertOptions.NoImportDays"/>
/// days. At most one per problem per day: a key already sent today (in <see cref="AlertOptions.TimeZone"/>) is not sent
/// again, and an event's key never twice. Pure: the history, what was sent and when, and the clock in; alerts out.
/// </summary>
public sealed class AlertRules(TimeProvider time, AlertOptions? options = null)
{
    private readonly AlertOptions _options = options ?? new AlertOptions();

    /// <param name="runs">The recent job runs, any order (a few weeks' worth).</param>
    /// <param name="lastSent">When each key was last sent.</param>
    public IReadOnlyList<Alert> Evaluate(IEnumerable<JobRun> runs, IReadOnlyDictionary<string, DateTimeOffset> lastSent)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(lastSent);
        var now = time.GetUtcNow();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(_options.TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var history = runs.OrderBy(r => r.StartedAt).ToList();
        return Problems(history, now)
            .Where(alert => !lastSent.TryGetValue(alert.Key, out var sent)
                || (alert.Repeats && DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(sent, zone).DateTime) < today))
            .ToList();
    }

    private IEnumerable<Alert> Problems(List<JobRun> history, DateTimeOffset now)
    {
        // A job still failing: its latest finished run failed (a later success clears it).
        foreach (var latest in history.Where(r => r.Status is JobStatuses.Succeeded or JobStatuses.Failed).GroupBy(r => r.Job, StringComparer.Ordinal).Select(g => g.Last()).OrderBy(r => r.Job, StringComparer.Ordinal))
        {
            if (latest.Status != JobStatuses.Failed)
            {
                continue;
            }

            var what = latest.Job switch
            {
                BackupJob.JobName => "La sauvegarde de la base a échoué",
                RestoreDrillJob.JobName => "L'exercice de restauration de la sauvegarde a échoué",
                _ => $"La tâche {latest.Job} a échoué",
            };
            yield return new Alert(
                "job-failed:" + latest.Job,
                $"[CrmReco] {what}",
                string.Create(CultureInfo.InvariantCulture, $"{what} (exécution n° {latest.Id}, {latest.StartedAt:yyyy-MM-dd HH:mm} UTC).\n\nErreur : {latest.Error ?? "(aucun message)"}\n\nDétail : crmreco job list --job {latest.Job} ; journalctl -u crmreco-worker -g {latest.Job}"),
                Repeats: true);
        }

        // Files refused by an inbox import: told once per run.
        foreach (var run in history.Where(r => r.Job == ImportInboxJob.JobName && r.Counts.TryGetValue("files_rejected", out var n) && n > 0))
        {
            yield return new Alert(
                string.Create(CultureInfo.InvariantCulture, $"inbox-rejected:run-{run.Id}"),
                "[CrmReco] Fichiers d'export refusés à l'import",
                string.Create(CultureInfo.InvariantCulture, $"L'import de la boîte de dépôt (exécution n° {run.Id}, {run.StartedAt:yyyy-MM-dd HH:mm} UTC) a refusé {run.Counts["files_rejected"]} fichier(s) : ils sont dans rejected/, avec la raison dans <fichier>.error.txt.\n\nDétail : crmreco imports"),
                Repeats: false);
        }

        // No export imported for too long: the export flow or the inbox is stuck.
        var lastImport = history.Where(r => r.Job == ImportInboxJob.JobName && r.Status == JobStatuses.Succeeded && r.Counts.TryGetValue("files_loaded", out var n) && n > 0)
            .Select(r => (DateTimeOffset?)r.StartedAt).LastOrDefault();
        var since = lastImport ?? history.FirstOrDefault()?.StartedAt;
        if (since is { } from && now - from >= TimeSpan.FromDays(_options.NoImportDays))
        {
            var days = (int)(now - from).TotalDays;
            yield return new Alert(
                "no-import",
                string.Create(CultureInfo.InvariantCulture, $"[CrmReco] Aucun export importé depuis {days} jours"),
                lastImport is null
                    ? string.Create(CultureInfo.InvariantCulture, $"Aucun fichier n'a été importé depuis {days} jours (aucun import réussi dans l'historique). Vérifiez que l'export de l'ERP dépose bien ses fichiers dans la boîte de dépôt.")
                    : string.Create(CultureInfo.InvariantCulture, $"Le dernier import réussi date du {from:yyyy-MM-dd HH:mm} UTC ({days} jours). Vérifiez que l'export de l'ERP dépose bien ses fichiers dans la boîte de dépôt."),
                Repeats: true);
        }
    }
}
