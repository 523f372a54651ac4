using System.Net;
using System.Text.Json;
using CrmReco.Core.Accounts;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;
using CrmReco.Hosting.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CrmReco.Integration.Tests.Api;

/// <summary>/api/jobs: history, run now under the worker's lock, and the jobs hosted in the API process.</summary>
public sealed class JobsEndpointTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Trigger_NightlyScoring_RunsAndIsRecorded(string provider)
    {
        await using var host = await ApiHost.StartAsync(provider, seeded: false);
        Assert.Equal(0, (await CliRunner.RunAsync("demo", "--db", host.ConnectionString)).ExitCode);
        using var admin = host.As(Roles.Admin);

        using var response = await admin.PostAsync(new Uri("/api/jobs/nightly-scoring/run?wait=300", UriKind.Relative), null);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.StatusCode == HttpStatusCode.OK, result.ToString());
        Assert.Equal("succeeded", result.GetProperty("status").GetString());
        Assert.Equal("api", result.GetProperty("trigger").GetString());
        Assert.True(result.GetProperty("counts").GetProperty("recommendations").GetInt64() > 0);

        using var viewer = host.As(Roles.Viewer);
        var runs = JsonDocument.Parse(await viewer.GetStringAsync(new Uri("/api/jobs/runs?job=nightly-scoring", UriKind.Relative))).RootElement;
        Assert.Equal(1, runs.GetProperty("total").GetInt32());
        var runId = runs.GetProperty("items")[0].GetProperty("id").GetInt64();
        Assert.Equal(result.GetProperty("runId").GetInt64(), runId);
        var run = JsonDocument.Parse(await viewer.GetStringAsync(new Uri($"/api/jobs/runs/{runId}", UriKind.Relative))).RootElement;
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal("api", run.GetProperty("trigger").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync(new Uri("/api/jobs/runs/999999", UriKind.Relative))).StatusCode);
        var jobs = JsonDocument.Parse(await viewer.GetStringAsync(new Uri("/api/jobs", UriKind.Relative))).RootElement;
        Assert.Equal(["alerts", "backup", "brevo-sync", "campaign-send", "import-inbox", "nightly-scoring", "restore-drill", "retention", "weekly-report"], jobs.EnumerateArray().Select(j => j.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.Contains(jobs.EnumerateArray(), j => j.GetProperty("name").GetString() == "nightly-scoring" && j.GetProperty("lastRun").GetProperty("id").GetInt64() == runId);
        Assert.Equal(1, JsonDocument.Parse(await viewer.GetStringAsync(new Uri("/api/runs/recommendations", UriKind.Relative))).RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Trigger_WhileAnotherProcessHoldsTheLock_Is409AndRecorded()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        await using var held = await JobLock.TryAcquireAsync(host.ConnectionString, "retention");
        Assert.NotNull(held);
        using var admin = host.As(Roles.Admin);

        using var response = await admin.PostAsync(new Uri("/api/jobs/retention/run?wait=60", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("skipped-locked", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var unknown = await admin.PostAsync(new Uri("/api/jobs/nope/run", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task HostJobs_On_SchedulesTheWorkerJobsInTheApiProcess()
    {
        await using var hosted = await ApiHost.StartAsync("sqlite", seeded: false, new() { ["CrmReco:HostJobs"] = "true", ["Jobs:ImportInbox:Enabled"] = "false" });
        Assert.Equal(JobsOptions.JobNames.Count - 1, hosted.Services.GetServices<IHostedService>().OfType<CronJobService>().Count()); // every job but the disabled inbox import

        await using var plain = await ApiHost.StartAsync("sqlite", seeded: false);
        Assert.Empty(plain.Services.GetServices<IHostedService>().OfType<CronJobService>());
    }
}
