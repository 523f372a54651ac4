using System.Net.Http.Json;
using CrmReco.Api.Reports;
using CrmReco.Contracts.Reports;
using CrmReco.Core.Accounts;
using CrmReco.Core.Reports;
using CrmReco.Integration.Tests.Api;
using CrmReco.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Integration.Tests.Reports;

/// <summary>The API host's report warm-up: data changed by another process (the CLI) are computed in the
/// background, so the user's first overview is a cache hit.</summary>
public sealed class ReportWarmupTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Warmup_ImportByTheCli_FirstOverviewIsCached(string provider)
    {
        await using var host = await ApiHost.StartAsync(provider, seeded: false, new() { ["CrmReco:ReportWarmupSeconds"] = "1" });
        var warmup = host.Services.GetRequiredService<ReportWarmup>();
        var reports = host.Services.GetRequiredService<ReportQueries>();
        var empty = await WarmedAsync(warmup, reports);

        foreach (var args in new[] { new[] { "demo" }, ["analyze"] })
        {
            var result = await CliRunner.RunAsync([.. args, "--db", host.ConnectionString]);
            Assert.True(result.ExitCode == 0, $"crmreco {args[0]} failed: {result.StdErr}");
        }

        var imported = await WarmedAsync(warmup, reports);
        Assert.NotEqual(empty, imported);

        var misses = reports.CacheMisses;
        using var client = host.As(Roles.Viewer);
        var overview = await client.GetFromJsonAsync<Overview>("/api/overview");
        var health = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/data-health?sample=20");
        var top = await client.GetFromJsonAsync<TopCustomersReport>("/api/reports/top-customers?limit=20");
        Assert.True(overview!.Customers > 0);
        Assert.NotNull(overview.AnalyticsRunId);
        Assert.InRange(health.GetProperty("score").GetDouble(), 0, 100);
        Assert.NotEmpty(top!.Customers);
        Assert.Equal(misses, reports.CacheMisses); // every figure above came from the warm cache
    }

    /// <summary>Waits until the warm-up has computed the figures of the data's current state; returns that stamp.</summary>
    private static async Task<string> WarmedAsync(ReportWarmup warmup, ReportQueries reports)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var stamp = await reports.DataStampAsync(timeout.Token);
            if (string.Equals(warmup.LastWarmedStamp, stamp, StringComparison.Ordinal))
            {
                return stamp;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
        }
    }
}
