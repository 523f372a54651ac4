using CrmReco.Core.Dashboard;
using CrmReco.Core.Jobs;

namespace CrmReco.Api.Demo;

/// <summary>Scores the demo estate once (the nightly job, run now) when it has never been scored.</summary>
internal static class DemoScoring
{
    public static async Task EnsureScoredAsync(IServiceProvider services, ILogger logger)
    {
        var runs = await services.GetRequiredService<DashboardQueries>().ListAnalyticsRunsAsync(new PageRequest(0, 1));
        if (runs.Total > 0)
        {
            return;
        }

        logger.LogInformation("Demo data: scoring the customers (analytics and recommendations)…");
        var result = await services.GetRequiredService<JobRunner>().RunOnceAsync(NightlyScoringJob.JobName, JobTriggers.Manual);
        logger.LogInformation("Demo data: scoring {Status}.", result.Status);
    }
}
