using CrmReco.Core.Jobs;
using CrmReco.Integration.Tests.Infrastructure;
using CrmReco.Core;
using CrmReco.Hosting;
using CrmReco.Hosting.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CrmReco.Integration.Tests.Jobs;

/// <summary>AddCrmRecoJobs, as the worker and the API call it: configuration bound and validated at start.</summary>
public sealed class JobsHostingTests
{
    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddCrmRecoCore(_ => CrmRecoConnection.Resolve(builder.Configuration));
        builder.Services.AddCrmRecoJobs(builder.Configuration);
        var host = builder.Build();
        host.Services.GetRequiredService<DatabaseSchema>().EnsureCurrentAsync().GetAwaiter().GetResult();
        return host;
    }

    [Fact]
    public async Task AddCrmRecoJobs_BadCron_StartFailsNamingTheKey()
    {
        using var host = Build(new() { ["Jobs:Database"] = TestDatabases.NewSqlite(), ["Jobs:NightlyScoring:Cron"] = "0 25 * * *" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Jobs:NightlyScoring", error.Message, StringComparison.Ordinal);
        Assert.Contains("'0 25 * * *'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddCrmRecoJobs_Configured_RegistersRunnerHistoryAndOneLoopPerEnabledJob()
    {
        var db = TestDatabases.NewSqlite();
        using var host = Build(new() { ["Jobs:Database"] = db, ["Jobs:Retention:Enabled"] = "false", ["Jobs:Backup:Enabled"] = "false", ["Jobs:RestoreDrill:Enabled"] = "false", ["Jobs:Alerts:Enabled"] = "false", ["Jobs:WeeklyReport:Enabled"] = "false", ["Jobs:ImportInbox:Cron"] = "0 6 * * 1" });

        var runner = host.Services.GetRequiredService<JobRunner>();
        var loops = host.Services.GetServices<IHostedService>().OfType<CronJobService>().Select(s => s.Job).Order(StringComparer.Ordinal);

        Assert.Equal(db, runner.ConnectionString);
        Assert.Equal(["alerts", "backup", "brevo-sync", "campaign-send", "import-inbox", "nightly-scoring", "restore-drill", "retention", "weekly-report"], runner.JobNames);
        Assert.Equal(["brevo-sync", "campaign-send", "import-inbox", "nightly-scoring"], loops);
        Assert.Same(runner.Runs, host.Services.GetRequiredService<JobRunStore>());
        var result = await runner.RunOnceAsync(RetentionJob.JobName, JobTriggers.Api); // a disabled schedule still runs on demand
        Assert.Equal(JobStatuses.Succeeded, result.Status);
        Assert.Equal(JobTriggers.Api, (await runner.Runs.GetAsync(result.RunId))!.Trigger);
    }
}
