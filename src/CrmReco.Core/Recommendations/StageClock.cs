using System.Diagnostics;

namespace CrmReco.Core.Recommendations;

/// <summary>Wall and CPU time of one stage of a run (on a shared machine the CPU time is the steadier figure).</summary>
public sealed record StageTiming(string Stage, double Seconds, double CpuSeconds);

/// <summary>
/// Times consecutive stages: each <see cref="Stage"/> call closes the stage that began at the previous call (or at
/// construction), with its wall time and the process's CPU time (every thread) over it.
/// </summary>
public sealed class StageClock
{
    private readonly TimeProvider _time;
    private readonly Process _process = Process.GetCurrentProcess();
    private readonly List<StageTiming> _stages = [];
    private long _started;
    private TimeSpan _cpu;

    public StageClock(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _started = _time.GetTimestamp();
        _cpu = _process.TotalProcessorTime;
    }

    public IReadOnlyList<StageTiming> Stages => _stages;

    /// <summary>Closes the current stage under this name and starts the next.</summary>
    public void Stage(string name)
    {
        _process.Refresh();
        var cpu = _process.TotalProcessorTime;
        _stages.Add(new StageTiming(name, _time.GetElapsedTime(_started).TotalSeconds, (cpu - _cpu).TotalSeconds));
        _started = _time.GetTimestamp();
        _cpu = cpu;
    }
}
