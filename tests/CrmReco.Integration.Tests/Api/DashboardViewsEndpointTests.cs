using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrmReco.Contracts;
using CrmReco.Contracts.Campaigns;
using CrmReco.Contracts.Reports;
using CrmReco.Core.Accounts;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Api;

/// <summary>What the dashboard's segments, data-health and overview pages read beyond the reports: the R×F grid
/// and its drill-down filter, the data-health score over time, and the overview's campaign cards; on SQLite and
/// PostgreSQL over the scored sample estate.</summary>
public sealed class DashboardViewsEndpointTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static async Task<T> GetAsync<T>(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task SegmentsGrid_ScoredEstate_CellsAddUpToTheSegmentsAndDrillDownToTheirCustomers(string provider)
    {
        await using var host = await ApiHost.StartAsync(provider, seeded: true);
        using var client = host.As(Roles.Viewer);

        var grid = await GetAsync<RfmGrid>(client, "/api/segments/grid");
        var segments = await GetAsync<SegmentReport>(client, "/api/segments");

        Assert.Equal(segments.RunId, grid.RunId);
        Assert.Equal(5, grid.MaxScore);
        Assert.All(grid.Cells, c => Assert.True(c.R is >= 1 and <= 5 && c.F is >= 1 and <= 5, $"cell {c.R},{c.F}"));
        Assert.Equal(grid.Cells.Count, grid.Cells.Select(c => (c.R, c.F)).Distinct().Count());
        Assert.Equal(segments.Segments.Sum(s => s.Customers), grid.Cells.Sum(c => c.Customers));
        Assert.Equal(segments.Segments.Sum(s => s.Revenue), grid.Cells.Sum(c => c.Revenue), 6);
        Assert.All(grid.Cells, c => Assert.Contains(c.Segment, segments.Segments.Select(s => s.Segment)));

        var largest = grid.Cells.OrderByDescending(c => c.Customers).First();
        var customers = await GetAsync<Page<CustomerListItem>>(client, string.Create(CultureInfo.InvariantCulture, $"/api/customers?r={largest.R}&f={largest.F}&limit=500"));
        Assert.Equal(largest.Customers, customers.Total);
        Assert.Contains(customers.Items, c => c.Segment == largest.Segment);
        var recencyOnly = await GetAsync<Page<CustomerListItem>>(client, string.Create(CultureInfo.InvariantCulture, $"/api/customers?r={largest.R}&limit=1"));
        Assert.Equal(grid.Cells.Where(c => c.R == largest.R).Sum(c => c.Customers), recencyOnly.Total);
        using var outOfRange = await client.GetAsync(new Uri("/api/customers?r=6", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task DataHealthHistory_ImportThenNightlyJob_StoresAScoreEachTime(string provider)
    {
        await using var host = await ApiHost.StartAsync(provider, seeded: false);
        using var viewer = host.As(Roles.Viewer);
        using var admin = host.As(Roles.Admin);

        var empty = await GetAsync<DataHealthHistory>(viewer, "/api/data-health/history");
        Assert.Equal(0, (await CliRunner.RunAsync("demo", "--db", host.ConnectionString)).ExitCode);
        var afterImport = await GetAsync<DataHealthHistory>(viewer, "/api/data-health/history");
        using var run = await admin.PostAsync(new Uri("/api/jobs/nightly-scoring/run?wait=300", UriKind.Relative), null);
        var job = JsonDocument.Parse(await run.Content.ReadAsStringAsync()).RootElement;
        var afterNightly = await GetAsync<DataHealthHistory>(viewer, "/api/data-health/history");
        var report = await GetAsync<DataHealthReport>(viewer, "/api/data-health?sample=0");
        var latestOnly = await GetAsync<DataHealthHistory>(viewer, "/api/data-health/history?limit=1");
        using var badLimit = await viewer.GetAsync(new Uri("/api/data-health/history?limit=0", UriKind.Relative));

        Assert.Empty(empty.Snapshots);
        var imported = Assert.Single(afterImport.Snapshots);
        Assert.Equal("import", imported.Source);
        Assert.NotNull(imported.ImportId);
        Assert.InRange(imported.Score, 0, 100);
        Assert.Equal(report.Checks.Select(c => c.Code).Order(StringComparer.Ordinal), imported.Checks.Select(c => c.Code).Order(StringComparer.Ordinal));
        Assert.True(run.StatusCode == HttpStatusCode.OK, job.ToString());
        Assert.Equal(["import", "nightly"], afterNightly.Snapshots.Select(s => s.Source));
        var nightly = afterNightly.Snapshots[1];
        Assert.True(nightly.At >= imported.At);
        Assert.Null(nightly.ImportId);
        Assert.Equal(report.Score, nightly.Score); // nothing changed since: the same score as computed now
        Assert.Equal(nightly.Score, job.GetProperty("counts").GetProperty("data_health_score").GetInt32());
        foreach (var check in report.Checks)
        {
            Assert.Equal((check.Count, check.OutOf), nightly.Checks.Where(c => c.Code == check.Code).Select(c => (c.Count, c.OutOf)).Single());
        }

        Assert.Equal(nightly.Id, Assert.Single(latestOnly.Snapshots).Id);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Overview_ScheduledAndSentCampaigns_FillTheCampaignCards(string provider)
    {
        var outbox = Path.Combine(Path.GetTempPath(), "crmreco-outbox", Guid.NewGuid().ToString("N"));
        await using var host = await ApiHost.StartAsync(provider, seeded: true, new() { ["Email:OutboxPath"] = outbox });
        using var viewer = host.As(Roles.Viewer);
        using var marketing = host.As(Roles.Marketing);

        var before = await GetAsync<Overview>(viewer, "/api/overview");
        var sendAt = new DateTimeOffset(2099, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var later = await (await marketing.PostAsJsonAsync("/api/campaigns", new CreateCampaignRequest("Noël", SendAt: sendAt, Holdout: 0.2, Seed: 3))).Content.ReadFromJsonAsync<CampaignCreated>(Json);
        (await marketing.PostAsync($"/api/campaigns/{later!.CampaignId}/approve", null)).EnsureSuccessStatusCode();
        var now = await (await marketing.PostAsJsonAsync("/api/campaigns", new CreateCampaignRequest("Printemps", Holdout: 0.2, Seed: 4))).Content.ReadFromJsonAsync<CampaignCreated>(Json);
        (await marketing.PostAsync($"/api/campaigns/{now!.CampaignId}/approve", null)).EnsureSuccessStatusCode();
        (await marketing.PostAsync($"/api/campaigns/{now.CampaignId}/send", null)).EnsureSuccessStatusCode();
        var after = await GetAsync<Overview>(viewer, "/api/overview");
        var report = await GetAsync<CampaignReport>(viewer, $"/api/campaigns/{now.CampaignId}/report");

        Assert.Null(before.NextCampaign);
        Assert.Null(before.LastCampaign);
        var next = after.NextCampaign!;
        Assert.Equal((later.CampaignId, "Noël", CampaignStates.Approved, sendAt), (next.Id, next.Name, next.Status, next.At));
        Assert.Equal((later.Counts.Treatment, later.Counts.Control), (next.Recipients, next.Control));
        Assert.Null(next.Revenue);
        var last = after.LastCampaign!;
        Assert.Equal((now.CampaignId, "Printemps", CampaignStates.Sent), (last.Id, last.Name, last.Status));
        Assert.Equal(report.SentAt, last.At);
        Assert.Equal((now.Counts.Treatment, now.Counts.Control), (last.Recipients, last.Control));
        var treatment = report.Groups.Single(g => g.Group == CampaignGroups.Treatment);
        Assert.Equal(treatment.Buyers, last.Buyers);
        Assert.Equal(treatment.Revenue, last.Revenue);
        Assert.Equal(report.IncrementalRevenue, last.IncrementalRevenue);
        Assert.Equal(report.WindowEnd, last.WindowEnd);
        Assert.Equal(before.YearToDate, after.YearToDate);
    }
}
