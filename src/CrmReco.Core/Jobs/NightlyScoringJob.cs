using CrmReco.Core.Analytics;
using CrmReco.Core.Dashboard;
using CrmReco.Core.Recommendations;

namespace CrmReco.Core.Jobs;

/// <summary>The nightly analytics then recommendations: what `crmreco analyze` then `crmreco recommend`
/// do on the database (same code, same defaults: "today" is the last sale date), each run stored.</summary>
/// <param name="k">Wines per customer.</param>
/// <param name="health">When given, the data-health score is computed and stored after scoring (its history).</param>
public sealed class NightlyScoringJob(DatabaseAnalytics analytics, DatabaseRecommendations recommender, int k = 3, DataHealthHistoryStore? health = null) : ICrmJob
{
    public const string JobName = "nightly-scoring";

    public string Name => JobName;

    public async Task<JobCounts> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var counts = new JobCounts();
        // One load and one analysis serve both runs.
        var loaded = await analytics.LoadAsync(cancellationToken);
        var analysis = await analytics.AnalyzeAndStoreAsync(loaded, cancellationToken: cancellationToken);
        if (analysis is null)
        {
            context.Log.NothingToScore();
            counts["customers"] = 0;
            await RecordHealthAsync(counts, cancellationToken);
            return counts;
        }

        counts["analytics_run_id"] = analysis.RunId ?? 0;
        counts["customers"] = analysis.Result.Customers.Count;
        counts["segment_moves"] = analysis.Moves.Count;
        counts["due_customers"] = analysis.Result.Customers.Count(c => c.IsDue);
        if (analysis.PropensityNote is null)
        {
            context.Log.Scored(analysis.RunId, analysis.Result.Customers.Count, analysis.Moves.Count);
        }
        else
        {
            context.Log.ScoredWithoutPropensity(analysis.RunId, analysis.Result.Customers.Count, analysis.PropensityNote);
        }

        var recommendations = await recommender.RecommendAndStoreAsync(loaded, analysis.Result, k: k, cancellationToken: cancellationToken);
        if (recommendations is not null)
        {
            counts["recommendation_run_id"] = recommendations.RunId;
            counts["customers_recommended"] = recommendations.Run.Customers.Count(c => c.Items.Count > 0);
            counts["recommendations"] = recommendations.Run.Customers.Sum(c => c.Items.Count);
        }

        await RecordHealthAsync(counts, cancellationToken);
        return counts;
    }

    /// <summary>The night's data-health score, stored for the score over time (docs/dashboard.md).</summary>
    private async Task RecordHealthAsync(JobCounts counts, CancellationToken cancellationToken)
    {
        if (health is not null)
        {
            counts["data_health_score"] = (await health.RecordAsync(DataHealthHistoryStore.Nightly, cancellationToken: cancellationToken)).Score;
        }
    }
}
