using CrmReco.Core.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace CrmReco.Integration.Tests.Jobs;

/// <summary>A job for the runner and schedule tests: counts its runs, records the (fake) time of each, can hold
/// its first run until released, and can fail.</summary>
internal sealed class ProbeJob(string name = "probe") : ICrmJob
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _runs = new(0);
    private readonly List<DateTimeOffset> _startedAt = [];

    public string Name => name;

    /// <summary>When set, the first run waits for <see cref="Release"/>.</summary>
    public bool HoldFirstRun { get; init; }

    /// <summary>When set, every run throws.</summary>
    public bool Fail { get; init; }

    public TaskCompletionSource FirstRunStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<DateTimeOffset> StartedAt
    {
        get
        {
            lock (_startedAt)
            {
                return _startedAt.ToList();
            }
        }
    }

    public void Release() => _release.TrySetResult();

    /// <summary>Waits until <paramref name="count"/> runs have started in all.</summary>
    public async Task WaitForRunsAsync(int count)
    {
        while (StartedAt.Count < count)
        {
            Assert.True(await _runs.WaitAsync(TimeSpan.FromSeconds(30)), $"run {count} of {Name} never started");
        }
    }

    public async Task<JobCounts> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        int n;
        lock (_startedAt)
        {
            _startedAt.Add(context.Time.GetUtcNow());
            n = _startedAt.Count;
        }

        _runs.Release();
        FirstRunStarted.TrySetResult();
        if (HoldFirstRun && n == 1)
        {
            await _release.Task.WaitAsync(cancellationToken);
        }

        if (Fail)
        {
            throw new InvalidOperationException("probe failure " + n);
        }

        return new JobCounts().Add("run", n);
    }
}

/// <summary>A <see cref="FakeTimeProvider"/> that also tells when a timer is created, i.e. when the schedule
/// loop has started waiting: the test then advances the clock knowing the wait is in place.</summary>
internal sealed class ObservedTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly SemaphoreSlim _timers = new(0);

    public FakeTimeProvider Fake { get; } = new(start);

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        _timers.Release();
        return timer;
    }

    /// <summary>Waits for the next timer the code under test creates.</summary>
    public async Task WaitForTimerAsync() =>
        Assert.True(await _timers.WaitAsync(TimeSpan.FromSeconds(30)), "the schedule loop never started waiting");
}
