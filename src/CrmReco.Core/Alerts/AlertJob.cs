using System.Text.Json;
using CrmReco.Core.Jobs;

namespace CrmReco.Core.Alerts;

/// <summary>
/// Runs the <see cref="AlertRules"/> on the recent job history and sends what they say through the
/// <see cref="IAlertSender"/> (the campaigns' email transport, once wired); without a sender, each alert is a line
/// of the job's log (journald). What was sent and when is kept in <paramref name="stateFile"/> (JSON), so a problem
/// is told at most once a day across runs and restarts.
/// </summary>
public sealed class AlertJob(AlertOptions options, string stateFile, JobRunStore history, IAlertSender? sender = null) : ICrmJob
{
    public const string JobName = "alerts";

    /// <summary>The runs looked at (the store pages by 1000 at most): about ten days at the default schedules.</summary>
    private const int HistoryRuns = 1000;

    public string Name => JobName;

    public async Task<JobCounts> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runs = (await history.ListAsync(0, HistoryRuns, cancellationToken: cancellationToken)).Items;
        var sent = await LoadAsync(cancellationToken);
        var alerts = new AlertRules(context.Time, options).Evaluate(runs, sent);
        foreach (var alert in alerts)
        {
            if (sender is null)
            {
                context.Log.AlertNotSent(alert.Key, alert.Subject, alert.Body.Replace('\n', ' '));
            }
            else
            {
                await sender.SendAsync(alert, cancellationToken);
            }

            sent[alert.Key] = context.Time.GetUtcNow();
            await SaveAsync(sent, cancellationToken); // after each, so a failure later does not send it twice
        }

        var counts = new JobCounts();
        counts["alerts"] = alerts.Count;
        counts["sent"] = sender is null ? 0 : alerts.Count;
        return counts;
    }

    private async Task<Dictionary<string, DateTimeOffset>> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(stateFile))
        {
            return new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        }

        await using var stream = File.OpenRead(stateFile);
        var state = await JsonSerializer.DeserializeAsync<Dictionary<string, DateTimeOffset>>(stream, cancellationToken: cancellationToken);
        return new Dictionary<string, DateTimeOffset>(state ?? [], StringComparer.Ordinal);
    }

    private async Task SaveAsync(Dictionary<string, DateTimeOffset> sent, CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(stateFile)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        var partial = stateFile + ".partial";
        await using (var stream = File.Create(partial))
        {
            await JsonSerializer.SerializeAsync(stream, sent, cancellationToken: cancellationToken);
        }

        File.Move(partial, stateFile, overwrite: true);
    }
}
