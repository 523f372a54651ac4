using System.Text.Json;
using CrmReco.Core.Recommendations;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Dashboard;

public sealed partial class DashboardQueries
{
    /// <summary>
    /// The debug view of one customer in the latest recommendation run: what the run stored (each item's blended
    /// score, leading source and structured reason, each guardrail removal), the blend weights the run used (the
    /// season alone for a customer without history, the weights it learned, stored with it since sql 014, else the
    /// customer's scenario's), the review decisions, and each source's score behind the kept wines and the best removed
    /// candidates (recommendation_source_scores; a run stored before sql 013 has none). Null when there is no run
    /// or no such customer.
    /// </summary>
    public async Task<RecommendationDebug?> RecommendationDebugAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var runs = await SqlReading.QueryAsync(connection, null, $"SELECT id, as_of, learned_weights FROM recommendation_runs WHERE id = {LatestRecommendationRun}",
            r => (Id: r.Long(0), AsOf: r.Date(1)!.Value, Learned: r.Str(2) is { } json ? RecommendationStore.ParseWeights(json) : null), cancellationToken);
        var customers = await SqlReading.QueryAsync(connection, null, "SELECT email_valid, is_stub, email_consent, erased_at FROM customers WHERE code = @code",
            r => CustomerRow.Emailable(r.Bool(0), r.Bool(1), r.NullableBool(2), !r.IsDBNull(3)), cancellationToken, ("code", code));
        if (runs.Count == 0 || customers.Count == 0)
        {
            return null;
        }

        var run = runs[0];
        var decisions = (await SqlReading.QueryAsync(connection, null, "SELECT article, decision FROM recommendation_reviews WHERE run_id = @run AND customer_code = @code",
            r => (Article: r.Text(0), Decision: r.Text(1)), cancellationToken, ("run", run.Id), ("code", code))).ToDictionary(d => d.Article, d => d.Decision, StringComparer.Ordinal);
        var items = await SqlReading.QueryAsync(connection, null, """
            SELECT r.rank, r.article, p.label, r.score, r.source, r.reason_code, r.reason_json, r.text_fr, r.text_en, r.scenario
            FROM recommendations r LEFT JOIN products p ON p.article = r.article
            WHERE r.run_id = @run AND r.customer_code = @code ORDER BY r.rank
            """, r => (Scenario: r.Text(9), Item: new RecommendationDebugItem(r.Int(0), r.Text(1), r.Str(2), r.Dbl(3), r.Text(4), r.Text(5), Parameters(r.Text(6)),
                r.Text(7), r.Text(8), decisions.GetValueOrDefault(r.Text(1)))), cancellationToken, ("run", run.Id), ("code", code));
        var removed = await SqlReading.QueryAsync(connection, null, """
            SELECT g.article, p.label, g.rule FROM guardrail_removals g LEFT JOIN products p ON p.article = g.article
            WHERE g.run_id = @run AND g.customer_code = @code ORDER BY g.rule, g.article
            """, r => new RemovedCandidate(r.Text(0), r.Str(1), r.Text(2)), cancellationToken, ("run", run.Id), ("code", code));
        var sourceColumns = string.Join(", ", RecommendationStore.SourceScoreColumns.Select(c => "x." + c));
        var scored = await SqlReading.QueryAsync(connection, null, $"""
            SELECT x.article, p.label, x.removed_by, x.blend, {sourceColumns}
            FROM recommendation_source_scores x LEFT JOIN products p ON p.article = x.article
            WHERE x.run_id = @run AND x.customer_code = @code ORDER BY x.blend DESC, x.article
            """, r => (Article: r.Text(0), Label: r.Str(1), RemovedBy: r.Str(2), Blend: Math.Round(r.Dbl(3), 4), Scores: (IReadOnlyList<SourceScore>)Enumerable.Range(0, BlendWeights.Names.Count)
                .Where(s => !r.IsDBNull(4 + s)).Select(s => new SourceScore(BlendWeights.Names[s], Math.Round(r.Dbl(4 + s), 4))).ToList()), cancellationToken, ("run", run.Id), ("code", code));
        var kept = scored.Where(x => x.RemovedBy is null).ToDictionary(x => x.Article, x => x.Scores, StringComparer.Ordinal);
        var segment = (await SqlReading.QueryAsync(connection, null, $"SELECT segment FROM customer_scores WHERE run_id = {LatestAnalyticsRun} AND customer_code = @code",
            r => r.Text(0), cancellationToken, ("code", code))).FirstOrDefault();
        var scenario = items.Count > 0 ? items[0].Scenario : null;
        // A source of weight 0 in the customer's blend stores no score: scores from the season alone mean the
        // customer had no history and was blended as a cold start, whatever the scenario or learned weights.
        var (weights, origin) = scored.Count > 0 && scored.All(x => x.Scores.Count == 1 && string.Equals(x.Scores[0].Source, ColdStartSource, StringComparison.Ordinal))
            ? (RecommendationEngine.ColdStartWeights, BlendWeightOrigins.ColdStart)
            : run.Learned is { } learned ? (learned, BlendWeightOrigins.Learned)
            : (ScenarioWeights(scenario), BlendWeightOrigins.Scenario);
        return new RecommendationDebug(code, run.Id, run.AsOf, scenario, segment, segment is null ? null : SegmentNames(segment).French, customers[0],
            Shares(weights), items.Select(i => i.Item with { SourceScores = kept.GetValueOrDefault(i.Item.Article) }).ToList(), removed, PerSourceScoresStored: scored.Count > 0,
            scored.Where(x => x.RemovedBy is not null).Select(x => new ScoredRemoval(x.Article, x.Label, x.RemovedBy!, x.Blend, x.Scores)).ToList(), origin);
    }

    /// <summary>The one source of <see cref="RecommendationEngine.ColdStartWeights"/>.</summary>
    private static readonly string ColdStartSource = BlendWeights.Names[Array.FindIndex(RecommendationEngine.ColdStartWeights.ToArray(), w => w != 0)];

    private static BlendWeights? ScenarioWeights(string? scenario)
    {
        try
        {
            return scenario is null ? null : RecommendationEngine.WeightsOf(scenario);
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The sources that take part in a blend, the heaviest first.</summary>
    private static IReadOnlyList<SourceWeight> Shares(BlendWeights? weights) => weights is null ? [] :
        BlendWeights.Names.Zip(weights.ToArray()).Where(p => p.Second != 0).Select(p => new SourceWeight(p.First, p.Second)).OrderByDescending(w => w.Weight).ToList();

    private static Dictionary<string, string> Parameters(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
