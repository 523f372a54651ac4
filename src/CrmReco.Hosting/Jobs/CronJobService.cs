using CrmReco.Core.Jobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmReco.Hosting.Jobs;

/// <summary>
/// One job's schedule loop: wait for the next Cronos occurrence (on the injected <see cref="TimeProvider"/>),
/// run the job through the <see cref="JobRunner"/>, repeat. At start, when an occurrence was missed since the
/// job's last recorded start, it runs once at once ("catch-up"), not once per missed occurrence. Every run is
/// caught and logged so a failure never ends the loop; the stopping token reaches the job, which stops cleanly.
/// </summary>
public sealed partial class CronJobService : BackgroundService
{
    /// <summary>Long waits are cut in steps so a wall-clock jump is noticed within the hour.</summary>
    private static readonly TimeSpan MaxWaitStep = TimeSpan.FromHours(1);

    private readonly string _job;
    private readonly CronSchedule _schedule;
    private readonly bool _catchUp;
    private readonly JobRunner _runner;
    private readonly TimeProvider _time;
    private readonly ILogger<CronJobService> _logger;

    public CronJobService(string job, CronSchedule schedule, bool catchUp, JobRunner runner, TimeProvider time, ILogger<CronJobService> logger)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(runner);
        if (!runner.HasJob(job))
        {
            throw new ArgumentException($"The runner has no job named '{job}'.", nameof(job));
        }

        _job = job;
        _schedule = schedule;
        _catchUp = catchUp;
        _runner = runner;
        _time = time;
        _logger = logger;
    }

    public string Job => _job;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // never hold up the host's start
        try
        {
            if (_catchUp)
            {
                await CatchUpAsync(stoppingToken);
            }

            var from = _time.GetUtcNow();
            while (!stoppingToken.IsCancellationRequested)
            {
                if (_schedule.Next(from) is not { } next)
                {
                    LogNoMoreOccurrences(_job, _schedule.ToString());
                    return;
                }

                LogNextRun(_job, next.ToUniversalTime(), _schedule.ToString());
                await WaitUntilAsync(next, stoppingToken);
                await RunAsync(JobTriggers.Schedule, stoppingToken);
                // Occurrences that passed while the run lasted are not queued: the next one is after now.
                var now = _time.GetUtcNow();
                from = now > next ? now : next;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task CatchUpAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? lastStart;
        try
        {
            lastStart = await _runner.Runs.LastStartAsync(_job, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCatchUpCheckFailed(ex, _job);
            return;
        }

        // Never run: nothing was missed (the worker was not installed). Otherwise one run covers every missed occurrence.
        if (lastStart is { } last && _schedule.Next(last) is { } missed && missed <= _time.GetUtcNow())
        {
            LogCatchingUp(_job, missed.ToUniversalTime(), last.ToUniversalTime());
            await RunAsync(JobTriggers.CatchUp, stoppingToken);
        }
    }

    private async Task WaitUntilAsync(DateTimeOffset due, CancellationToken stoppingToken)
    {
        // A timer may fire a little early against the wall clock: wait again for the remainder.
        for (var remaining = due - _time.GetUtcNow(); remaining > TimeSpan.Zero; remaining = due - _time.GetUtcNow())
        {
            await Task.Delay(remaining < MaxWaitStep ? remaining : MaxWaitStep, _time, stoppingToken);
        }
    }

    private async Task RunAsync(string trigger, CancellationToken stoppingToken)
    {
        try
        {
            var result = await _runner.RunOnceAsync(_job, trigger, stoppingToken);
            if (result.Status == JobStatuses.Failed)
            {
                LogRunFailed(result.Exception, _job, result.RunId, result.Error);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // The database is unreachable, the lock cannot be taken…: logged, and the next occurrence tries again.
            LogRunError(ex, _job);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job}: next run at {Next:O} (schedule {Schedule}).")]
    private partial void LogNextRun(string job, DateTimeOffset next, string schedule);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job}: schedule {Schedule} has no further occurrence; the loop ends.")]
    private partial void LogNoMoreOccurrences(string job, string schedule);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job}: catching up the run due at {Missed:O} (last start {Last:O}): once, now.")]
    private partial void LogCatchingUp(string job, DateTimeOffset missed, DateTimeOffset last);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Job}: could not read the last run for catch-up; waiting for the next occurrence.")]
    private partial void LogCatchUpCheckFailed(Exception exception, string job);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Job}: run #{RunId} failed: {Error}")]
    private partial void LogRunFailed(Exception? exception, string job, long runId, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Job}: the run could not be started or recorded; the next occurrence will try again.")]
    private partial void LogRunError(Exception exception, string job);
}
