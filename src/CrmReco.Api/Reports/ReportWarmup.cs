using CrmReco.Api.Common;
using CrmReco.Core.Reports;
using Microsoft.Extensions.Options;

namespace CrmReco.Api.Reports;

/// <summary>Keeps the report cache warm: every CrmReco:ReportWarmupSeconds it reads <see cref="ReportQueries"/>'
/// stamp and, when the data changed (an import, sales lines, a scoring run or an erasure, by the API, the CLI or the
/// worker), computes what the overview, the reports page and the data-health page ask for, with the same defaults
/// as their endpoints. The first reader after a change then gets cached figures instead of seconds of SQL.</summary>
public sealed partial class ReportWarmup(ReportQueries reports, IOptions<ApiOptions> options, TimeProvider time, ILogger<ReportWarmup> logger)
    : BackgroundService
{
    /// <summary>The data-health page's sample size (Web's DataHealthClient default).</summary>
    private const int DataHealthPageSample = 20;

    private string? _lastWarmedStamp;

    /// <summary>The stamp of the data whose figures were last computed; null until the first warm-up ends.</summary>
    public string? LastWarmedStamp => Volatile.Read(ref _lastWarmedStamp);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.ReportWarmupSeconds;
        if (seconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), time);
        do
        {
            try
            {
                await WarmAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // one failed warm-up (database busy, schema not there yet) must not stop the host
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One check: computes the figures when the stamp moved since the last warm-up.</summary>
    private async Task WarmAsync(CancellationToken cancellationToken)
    {
        var stamp = await reports.DataStampAsync(cancellationToken);
        if (string.Equals(stamp, LastWarmedStamp, StringComparison.Ordinal))
        {
            return;
        }

        var started = time.GetTimestamp();
        await reports.OverviewAsync(null, cancellationToken);
        await reports.MonthlyAsync(3, null, cancellationToken);
        await reports.CohortsAsync("month", null, cancellationToken);
        foreach (var dimension in ReportQueries.Dimensions)
        {
            await reports.SalesByAsync(dimension, null, null, false, cancellationToken);
        }

        await reports.SalesByAsync("colour", null, null, true, cancellationToken);
        await reports.ClvDistributionAsync(null, cancellationToken);
        await reports.TopCustomersAsync(20, null, null, cancellationToken);
        await reports.OrdersHistogramAsync(10, null, cancellationToken);
        await reports.DataHealthAsync(DataHealthPageSample, cancellationToken);
        await reports.DataHealthAsync(50, cancellationToken);
        // Figures computed while the data moved again are cached under the newer stamp; the next tick catches up.
        Volatile.Write(ref _lastWarmedStamp, stamp);
        LogWarmed(logger, stamp, time.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Report cache warmed for data stamp {Stamp} in {Milliseconds:F0} ms.")]
    private static partial void LogWarmed(ILogger logger, string stamp, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report cache warm-up failed; retried at the next period.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
