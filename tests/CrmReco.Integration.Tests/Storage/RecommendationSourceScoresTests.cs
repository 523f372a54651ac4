using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Storage;

/// <summary>A run stores each source's score behind its kept wines and a few removed candidates per customer, and
/// only the latest run keeps them (the table stays one run's size), on SQLite and on PostgreSQL.</summary>
public sealed class RecommendationSourceScoresTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task SaveAsync_TwoRuns_KeepsTheLatestRunsScoresBoundedPerCustomer(string provider)
    {
        var db = TestDatabases.New(provider);
        foreach (var args in new[] { new[] { "demo" }, ["recommend", "--as-of", "2026-06-30"], ["recommend"] })
        {
            Assert.Equal(0, (await CliRunner.RunAsync([.. args, "--db", db])).ExitCode);
        }

        var database = TestServices.Database(db);
        await using var connection = await database.OpenAsync(CancellationToken.None);
        async Task<long> CountAsync(string sql) => await SqlDatabase.ScalarAsync<long>(connection, null, sql, CancellationToken.None);
        var latest = await CountAsync("SELECT MAX(id) FROM recommendation_runs");
        Assert.Equal(2, latest);

        // Only the latest run: the first run's rows were dropped when the second was saved.
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM recommendation_source_scores WHERE run_id <> 2"));
        // Every kept wine has its row, and nothing else is kept.
        Assert.Equal(await CountAsync("SELECT COUNT(*) FROM recommendations WHERE run_id = 2"), await CountAsync("SELECT COUNT(*) FROM recommendation_source_scores WHERE run_id = 2 AND removed_by IS NULL"));
        Assert.Equal(0, await CountAsync("""
            SELECT COUNT(*) FROM recommendation_source_scores x
            WHERE x.removed_by IS NULL AND NOT EXISTS (SELECT 1 FROM recommendations r WHERE r.run_id = x.run_id AND r.customer_code = x.customer_code AND r.article = x.article)
            """));
        // Removed candidates: at most 3 per customer, each one a recorded removal.
        Assert.True(await CountAsync("SELECT COUNT(*) FROM recommendation_source_scores WHERE removed_by IS NOT NULL") > 0);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM (SELECT customer_code FROM recommendation_source_scores WHERE removed_by IS NOT NULL GROUP BY customer_code HAVING COUNT(*) > 3) t"));
        Assert.Equal(0, await CountAsync("""
            SELECT COUNT(*) FROM recommendation_source_scores x
            WHERE x.removed_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM guardrail_removals g WHERE g.run_id = x.run_id AND g.customer_code = x.customer_code AND g.article = x.article AND g.rule = x.removed_by)
            """));
        // A score is a normalized one, and a customer with history is scored by more than one source.
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM recommendation_source_scores WHERE buy_again < 0 OR buy_again > 1.0001 OR seasonal < 0 OR seasonal > 1.0001"));
        Assert.True(await CountAsync("SELECT COUNT(*) FROM recommendation_source_scores WHERE rules IS NOT NULL AND buy_again IS NOT NULL") > 0);
    }
}
