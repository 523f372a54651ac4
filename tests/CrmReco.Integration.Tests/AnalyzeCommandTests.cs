using CrmReco.Core.Analytics;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests;

/// <summary>`crmreco analyze` on files and on the imported database.</summary>
public sealed class AnalyzeCommandTests
{
    /// <summary>The CDNOW sample vendored in tests/data/cdnow, copied next to the test binaries.</summary>
    private static string Cdnow(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", "cdnow", file);

    [Fact]
    public async Task Analyze_CdnowTransactionsInWeeks_PrintsThePublishedFit()
    {
        var result = await CliRunner.RunAsync("analyze", "--transactions", Cdnow("cdnow_sample_transactions.csv"), "--calibration-end", "1997-09-30", "--time-unit", "week", "--json");

        Assert.Equal(0, result.ExitCode);
        var bgnbd = result.Json.GetProperty("bgnbd");
        Assert.Equal(0.243, bgnbd.GetProperty("r").GetDouble(), 2);
        Assert.Equal(4.414, bgnbd.GetProperty("alpha").GetDouble(), 1);
        Assert.Equal(-9582.4, bgnbd.GetProperty("logLikelihood").GetDouble(), 0);
        Assert.Equal(2357, result.Json.GetProperty("customers").GetInt32());
        Assert.Equal(6.25, result.Json.GetProperty("gammaGamma").GetProperty("p").GetDouble(), 1);
    }

    [Fact]
    public async Task Analyze_Summary_PrintsBgNbdAndGammaGamma()
    {
        var result = await CliRunner.RunAsync("analyze", "--summary", Cdnow("cdnow_summary_monetary.csv"), "--json");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2.426, result.Json.GetProperty("bgnbd").GetProperty("b").GetDouble(), 2);
        Assert.Equal(15.44, result.Json.GetProperty("gammaGamma").GetProperty("gamma").GetDouble(), 0);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Analyze_ImportedSamples_SegmentsEveryCustomerWithSales(string provider)
    {
        var db = TestDatabases.New(provider);
        await CliRunner.RunAsync("demo", "--db", db);

        var result = await CliRunner.RunAsync("analyze", "--db", db, "--json");

        Assert.Equal(0, result.ExitCode);
        var customers = result.Json.GetProperty("customers").GetInt32();
        Assert.Equal(301, customers); // 304 customers, 3 of them (from the XLSX) without any sale yet
        Assert.Equal(customers, result.Json.GetProperty("segments").EnumerateArray().Sum(s => s.GetProperty("customers").GetInt32()));
        var detail = result.Json.GetProperty("customerDetails").EnumerateArray().First();
        Assert.InRange(detail.GetProperty("probabilityAlive").GetDouble(), 0, 1);
        Assert.InRange(detail.GetProperty("rScore").GetInt32(), 1, 5);
        Assert.Equal(1, result.Json.GetProperty("runId").GetInt64());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Analyze_TwoRunsAtDifferentDates_ReportsSegmentMoves(string provider)
    {
        var db = TestDatabases.New(provider);
        await CliRunner.RunAsync("demo", "--db", db);

        var before = await CliRunner.RunAsync("analyze", "--db", db, "--as-of", "2025-12-31", "--json");
        var after = await CliRunner.RunAsync("analyze", "--db", db, "--as-of", "2026-10-28", "--json");

        Assert.Equal(0, before.ExitCode);
        Assert.Empty(before.Json.GetProperty("segmentMoves").EnumerateArray());
        var moves = after.Json.GetProperty("segmentMoves").EnumerateArray().ToList();
        Assert.NotEmpty(moves);
        Assert.All(moves, m => Assert.NotEqual(m.GetProperty("from").GetString(), m.GetProperty("to").GetString()));
        var store = TestServices.Get<AnalyticsStore>(db);
        var detailed = await store.MovesAsync(after.Json.GetProperty("runId").GetInt64());
        Assert.Equal(moves.Sum(m => m.GetProperty("customers").GetInt32()), detailed.Count);
    }

    [Fact]
    public async Task Analyze_MissingColumn_IsAClearError()
    {
        var result = await CliRunner.RunAsync("analyze", "--transactions", Cdnow("cdnow_sample_transactions.csv"), "--customer-col", "client", "--json");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'client'", result.StdErr, StringComparison.Ordinal);
    }
}
