using CrmReco.Core.Dashboard;
using CrmReco.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace CrmReco.Integration.Tests.Api;

/// <summary>One customer's recommendations are cached per (run, customer); a new run shows once the latest-run
/// check expires.</summary>
public sealed class RecommendationCacheTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task OneCustomer_NewRun_ShowsAfterTheLatestRunCheckExpires(string provider)
    {
        var db = TestDatabases.New(provider);
        foreach (var args in new[] { new[] { "demo" }, ["recommend", "--as-of", "2026-06-30"] })
        {
            Assert.Equal(0, (await CliRunner.RunAsync([.. args, "--db", db])).ExitCode);
        }

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        var queries = TestServices.Get<DashboardQueries>(db, time);
        var customer = (await queries.ListRecommendationsAsync(new RecommendationFilter(), new PageRequest(0, 1))).Items[0].CustomerCode;
        var first = await queries.ListRecommendationsAsync(new RecommendationFilter(Customer: customer), new PageRequest());
        Assert.All(first.Items, i => Assert.Equal(1, i.RunId));
        Assert.Equal(first.Items.Select(i => i.Rank), first.Items.Select(i => i.Rank).Order());

        Assert.Equal(0, (await CliRunner.RunAsync("recommend", "--db", db)).ExitCode);
        Assert.All((await queries.ListRecommendationsAsync(new RecommendationFilter(Customer: customer), new PageRequest())).Items, i => Assert.Equal(1, i.RunId));

        time.Advance(CustomerRecommendationCache.LatestRunTime + TimeSpan.FromSeconds(1));
        var fresh = await queries.ListRecommendationsAsync(new RecommendationFilter(Customer: customer), new PageRequest());
        Assert.All(fresh.Items, i => Assert.Equal(2, i.RunId));
        var explicitRun = await queries.ListRecommendationsAsync(new RecommendationFilter(RunId: 1, Customer: customer), new PageRequest(0, 1));
        Assert.Equal(first.Total, explicitRun.Total);
        Assert.Equal(first.Items[0], explicitRun.Items.Single());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task RunPages_AnySortAndOffset_AreSlicesOfTheWholeOrderWithTheirBlocks(string provider)
    {
        var db = TestDatabases.New(provider);
        Assert.Equal(0, (await CliRunner.RunAsync("demo", "--db", db)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("recommend", "--as-of", "2026-06-30", "--db", db)).ExitCode);
        var queries = TestServices.Get<DashboardQueries>(db);
        foreach (var sort in new string?[] { null, "-score", "scenario", "article" })
        {
            var whole = await queries.ListRecommendationsAsync(new RecommendationFilter(), new PageRequest(0, PageRequest.MaxLimit, sort));
            Assert.True(whole.Total > 40, $"{whole.Total} recommendations");
            foreach (var offset in new[] { 0, 7, 33 })
            {
                var page = await queries.ListRecommendationsAsync(new RecommendationFilter(), new PageRequest(offset, 5, sort));
                Assert.Equal(whole.Total, page.Total);
                Assert.Equal(whole.Items.Skip(offset).Take(5), page.Items);
            }
        }

        Assert.Contains((await queries.ListRecommendationsAsync(new RecommendationFilter(), new PageRequest(0, PageRequest.MaxLimit))).Items, i => i.EmailBlocked is not null);
    }
}
