using CrmReco.Core.Dashboard;

namespace CrmReco.Core.Reports;

public sealed partial class ReportQueries
{
    private long _cacheHits;
    private long _cacheMisses;

    /// <summary>Reads answered from the cache since the process started.</summary>
    public long CacheHits => Interlocked.Read(ref _cacheHits);

    /// <summary>Reads that ran their SQL (the data had changed, or the figure was never asked for).</summary>
    public long CacheMisses => Interlocked.Read(ref _cacheMisses);

    /// <summary>The state of the data the cached figures belong to: it changes with every import (started or
    /// finished), sales line, analytics run and erasure, whichever process made it (API, CLI or worker).</summary>
    public async Task<string> DataStampAsync(CancellationToken cancellationToken = default) => await ReadStampAsync(cancellationToken);

    /// <summary>The data-health report (<see cref="DashboardQueries.DataHealthAsync"/>) with up to
    /// <paramref name="sample"/> offending records per check, cached per state of the data and per day (the import
    /// age in the score moves with the clock). Consent changes do not enter any check, so they need no new stamp.</summary>
    public async Task<DataHealthReport> DataHealthAsync(int sample = 50, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        return await CachedAsync(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"health|{today:O}|{sample}"),
            _ => _dashboard.DataHealthAsync(sample, cancellationToken),
            cancellationToken);
    }
}
