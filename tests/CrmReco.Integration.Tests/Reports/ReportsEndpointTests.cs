using System.Net;
using System.Text.Json;
using CrmReco.Core.Accounts;
using CrmReco.Integration.Tests.Api;
using CrmReco.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CrmReco.Integration.Tests.Reports;

/// <summary>/api/overview and /api/reports/* through the real API over the hand-checked history of
/// <see cref="ReportQueriesTests"/> (as of 2026-03-15), on SQLite and PostgreSQL.</summary>
public sealed class ReportsEndpointTests(ITestOutputHelper output)
{
    private static async Task<ApiHost> StartAsync(string provider)
    {
        var host = await ApiHost.StartAsync(provider, seeded: false);
        await ReportQueriesTests.ImportHistoryAsync(host.ConnectionString);
        await ReportQueriesTests.SeedRunsAsync(host.ConnectionString);
        return host;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, string Text)> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Overview_Viewer_GetsEveryFigureOfThePage(string provider)
    {
        await using var host = await StartAsync(provider);
        using var client = host.As(Roles.Viewer);

        var (status, overview, text) = await GetAsync(client, "/api/overview");
        output.WriteLine(text);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2026-03-15", overview.GetProperty("asOf").GetString());
        Assert.Equal(206, overview.GetProperty("yearToDate").GetProperty("current").GetProperty("revenue").GetDouble(), 6);
        Assert.Equal(75, overview.GetProperty("yearToDate").GetProperty("previousYear").GetProperty("revenue").GetDouble(), 6);
        Assert.Equal(27, overview.GetProperty("monthly").GetProperty("points").GetArrayLength());
        Assert.Equal(5, overview.GetProperty("customers").GetInt32());
        Assert.Equal(4, overview.GetProperty("activeCustomers").GetInt32());
        Assert.Equal(2.0 / 3, overview.GetProperty("repeatRate").GetProperty("rate").GetDouble(), 9);
        Assert.Equal(70, overview.GetProperty("averageOrderValue").GetDouble(), 9);
        Assert.Equal(1607.0 / 6, overview.GetProperty("averageDaysBetweenOrders").GetDouble(), 9);
        Assert.Equal(3, overview.GetProperty("segments").GetArrayLength());
        Assert.InRange(overview.GetProperty("dataHealthScore").GetInt32(), 0, 100);
        Assert.Equal(0, overview.GetProperty("lastImport").GetProperty("rowsRejected").GetInt32());
        Assert.Equal(JsonValueKind.Null, overview.GetProperty("nextCampaign").ValueKind);
        Assert.Equal(JsonValueKind.Null, overview.GetProperty("lastCampaign").ValueKind);

        var (_, earlier, _) = await GetAsync(client, "/api/overview?asOf=2025-03-15");
        Assert.Equal(75, earlier.GetProperty("yearToDate").GetProperty("current").GetProperty("revenue").GetDouble(), 6);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Reports_Viewer_AnswerWithTheHandCheckedFigures(string provider)
    {
        await using var host = await StartAsync(provider);
        using var client = host.As(Roles.Viewer);

        var monthly = (await GetAsync(client, "/api/reports/monthly?years=2")).Body;
        Assert.Equal(15, monthly.GetProperty("points").GetArrayLength()); // 2025 whole, 2026 January to March
        var cohorts = (await GetAsync(client, "/api/reports/cohorts?by=month")).Body;
        Assert.Equal(["2024-01", "2024-03", "2024-12", "2026-03"], cohorts.GetProperty("cohorts").EnumerateArray().Select(c => c.GetProperty("cohort").GetString()));
        var sales = (await GetAsync(client, "/api/reports/sales-by?dimension=colour&from=2024-01-01&to=2026-03-15")).Body;
        Assert.Equal(782, sales.GetProperty("totalRevenue").GetDouble(), 6);
        Assert.Equal("white", sales.GetProperty("rows")[0].GetProperty("key").GetString());
        var clv = (await GetAsync(client, "/api/reports/clv-distribution?edges=0,100")).Body;
        Assert.Equal([2, 2], clv.GetProperty("bands").EnumerateArray().Select(b => b.GetProperty("customers").GetInt32()));
        var top = (await GetAsync(client, "/api/reports/top-customers?limit=2")).Body;
        Assert.Equal(["C2", "C3"], top.GetProperty("customers").EnumerateArray().Select(c => c.GetProperty("code").GetString()));
        var histogram = (await GetAsync(client, "/api/reports/orders-histogram?max=3")).Body;
        Assert.Equal([1, 0, 2, 2], histogram.GetProperty("buckets").EnumerateArray().Select(b => b.GetProperty("customers").GetInt32()));
        var ytd = (await GetAsync(client, "/api/reports/year-to-date")).Body;
        Assert.Equal(4, ytd.GetProperty("current").GetProperty("orders").GetInt32());
        var activity = (await GetAsync(client, "/api/reports/activity")).Body;
        Assert.Equal(5, activity.GetProperty("orders").GetInt32());
    }

    [Theory]
    [InlineData("/api/reports/sales-by")]
    [InlineData("/api/reports/sales-by?dimension=grape")]
    [InlineData("/api/reports/cohorts?by=week")]
    [InlineData("/api/reports/clv-distribution?edges=10,abc")]
    [InlineData("/api/reports/clv-distribution?edges=100,10")]
    [InlineData("/api/reports/top-customers?limit=0")]
    [InlineData("/api/reports/monthly?years=0")]
    [InlineData("/api/reports/sales-by?dimension=month&from=2026-01-01&to=2025-01-01")]
    public async Task Reports_BadParameters_Answer400(string url)
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        using var client = host.As(Roles.Viewer);

        var (status, body, text) = await GetAsync(client, url);

        Assert.True(status == HttpStatusCode.BadRequest, $"{url}: {(int)status} {text}");
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Overview_EmptyDatabase_AnswersWithZerosAndNulls()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        using var client = host.As(Roles.Viewer);

        var (status, overview, text) = await GetAsync(client, "/api/overview");

        Assert.True(status == HttpStatusCode.OK, text);
        Assert.Equal(0, overview.GetProperty("activeCustomers").GetInt32());
        Assert.Equal(JsonValueKind.Null, overview.GetProperty("repeatRate").GetProperty("rate").ValueKind);
        Assert.Equal(JsonValueKind.Null, overview.GetProperty("averageOrderValue").ValueKind);
        Assert.Equal(JsonValueKind.Null, overview.GetProperty("lastImport").ValueKind);
        Assert.Equal(JsonValueKind.Null, overview.GetProperty("analyticsRunId").ValueKind);
    }
}
