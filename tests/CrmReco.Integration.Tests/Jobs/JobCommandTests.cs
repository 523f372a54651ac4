using CrmReco.Core.Jobs;
using CrmReco.Core.Recommendations;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Jobs;

/// <summary>`crmreco job run` and `crmreco job list`: the same job code once, recorded like the worker's runs.</summary>
public sealed class JobCommandTests
{
    [Fact]
    public async Task JobRun_NightlyScoringAfterDemo_StoresAnalyticsAndRecommendationsAndListsTheRun()
    {
        var db = TestDatabases.NewSqlite();
        Assert.Equal(0, (await CliRunner.RunAsync("demo", "--db", db, "--json")).ExitCode);

        var run = await CliRunner.RunAsync("job", "run", "nightly-scoring", "--db", db, "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(JobStatuses.Succeeded, run.Json.GetProperty("status").GetString());
        var counts = run.Json.GetProperty("counts");
        var customers = (await TestServices.Get<ICrmQueries>(db).LoadTransactionsAsync()).Select(t => t.CustomerId).Distinct(StringComparer.Ordinal).Count();
        Assert.Equal(customers, counts.GetProperty("customers").GetInt32());
        var (items, _) = await TestServices.Get<RecommendationStore>(db).CountAsync(counts.GetProperty("recommendation_run_id").GetInt64());
        Assert.Equal(items, counts.GetProperty("recommendations").GetInt32());
        Assert.True(items > 0);

        var list = await CliRunner.RunAsync("job", "list", "--db", db, "--json");

        Assert.Equal(0, list.ExitCode);
        Assert.Equal(1, list.Json.GetProperty("total").GetInt32());
        var listed = list.Json.GetProperty("items")[0];
        Assert.Equal(("nightly-scoring", "cli", "succeeded"), (listed.GetProperty("job").GetString(), listed.GetProperty("trigger").GetString(), listed.GetProperty("status").GetString()));
        Assert.Equal(run.Json.GetProperty("runId").GetInt64(), listed.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task JobRun_NightlyScoringOnEmptyDatabase_SucceedsWithNothingToScore()
    {
        var run = await CliRunner.RunAsync("job", "run", "nightly-scoring", "--db", TestDatabases.NewSqlite(), "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(0, run.Json.GetProperty("counts").GetProperty("customers").GetInt32());
        Assert.Contains("nothing to score", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobRun_UnknownJob_IsAUsageError()
    {
        var run = await CliRunner.RunAsync("job", "run", "dispatch", "--db", TestDatabases.NewSqlite());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("import-inbox, nightly-scoring, retention", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobList_Text_ShowsEachRunWithItsCounts()
    {
        var db = TestDatabases.NewSqlite();
        Assert.Equal(0, (await CliRunner.RunAsync("job", "run", "retention", "--db", db)).ExitCode);

        var list = await CliRunner.RunAsync("job", "list", "--db", db, "--lang", "en");

        Assert.Equal(0, list.ExitCode);
        Assert.Contains("1 of 1 run(s)", list.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"#1\s+retention\s+cli .* succeeded .*inactive_customers=0", list.StdOut);
    }
}
