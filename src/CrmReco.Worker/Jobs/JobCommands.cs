using System.CommandLine;
using System.Globalization;
using CrmReco.Core;
using CrmReco.Core.Jobs;
using CrmReco.Core.Storage;
using CrmReco.Hosting;
using CrmReco.Hosting.Jobs;
using CrmReco.Worker.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmReco.Worker.Jobs;

/// <summary>`crmreco worker` (the scheduled host), `crmreco job run NAME` and `crmreco job list`: the same job
/// code, on a schedule or once.</summary>
internal static class JobCommands
{
    public const string WorkerVerb = "worker";

    public static Command Worker()
    {
        var db = CommonOptions.Database();
        var command = new Command(WorkerVerb, "Run the jobs on their schedules (configuration section \"Jobs\"; systemd Type=notify aware) until stopped.") { db };
        command.SetAction(async (parse, ct) =>
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
            if (parse.GetValue(db) is { Length: > 0 } connection)
            {
                builder.Configuration[$"ConnectionStrings:{CrmRecoConnection.Name}"] = connection;
            }

            builder.Services.AddSystemd(); // READY=1/STOPPING=1 to systemd, journald priorities in the log lines
            // Scopes printed: a job's lines then name the job and its run ("journalctl -g nightly-scoring").
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>(o => o.IncludeScopes = true);
            if (!SystemdHelpers.IsSystemdService())
            {
                builder.Logging.AddSimpleConsole(o =>
                {
                    o.IncludeScopes = true;
                    o.SingleLine = true;
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ssZ ";
                });
            }

            builder.Services.AddCrmRecoCore(_ => CrmRecoConnection.Resolve(builder.Configuration));
            builder.Services.AddCrmRecoJobs(builder.Configuration);
            using var host = builder.Build();
            try
            {
                _ = host.Services.GetRequiredService<IOptions<JobsOptions>>().Value; // a bad section: one clear line, no host stack trace
                await host.Services.GetRequiredService<DatabaseSchema>().EnsureCurrentAsync(ct);
                await host.RunAsync(ct);
            }
            catch (OptionsValidationException ex)
            {
                return CommonOptions.Fail(parse, "configuration: " + string.Join(" ", ex.Failures));
            }

            return 0;
        });
        return command;
    }

    public static Command Job()
    {
        var command = new Command("job", "Run one job once, or list the job runs.");
        command.Subcommands.Add(Run());
        command.Subcommands.Add(List());
        return command;
    }

    private static Command Run()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var name = new Argument<string>("NAME") { Description = "The job: " + string.Join(", ", JobsOptions.JobNames) + "." };
        var command = new Command("run", "Run a job once now, as the worker would (same lock, same history; trigger 'cli'). Exit 0 succeeded, 1 failed or stopped, 3 another worker holds the job.")
        {
            db, json, name,
        };
        command.SetAction(async (parse, ct) =>
        {
            var job = parse.GetValue(name)!;
            if (!JobsOptions.JobNames.Contains(job, StringComparer.Ordinal))
            {
                return CommonOptions.Fail(parse, $"no job named '{job}'; jobs: {string.Join(", ", JobsOptions.JobNames)}.");
            }

            var (services, error) = await OpenAsync(parse.GetValue(db), ct);
            if (services is null)
            {
                return CommonOptions.Fail(parse, "configuration: " + error);
            }

            await using var _ = services;
            var result = await services.GetRequiredService<JobRunner>().RunOnceAsync(job, JobTriggers.Cli, ct);
            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, result);
            }
            else
            {
                parse.Out().WriteLine($"{result.Job} run #{result.RunId.ToString(CultureInfo.InvariantCulture)}: {result.Status}{(result.Error is null ? string.Empty : " — " + result.Error)}");
                foreach (var (count, value) in result.Counts)
                {
                    parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {count}: {value:N0}"));
                }
            }

            return result.Status switch
            {
                JobStatuses.Succeeded => 0,
                JobStatuses.SkippedLocked => 3,
                _ => 1,
            };
        });
        return command;
    }

    private static Command List()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var job = new Option<string?>("--job") { Description = "Only this job's runs." };
        var limit = new Option<int>("--limit") { Description = "How many runs (newest first).", DefaultValueFactory = _ => 20 };
        var offset = new Option<int>("--offset") { Description = "Skip this many of the newest runs." };
        var command = new Command("list", "The job runs, newest first: job, trigger, start, duration, status, error, counts.")
        {
            db, job, limit, offset, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (services, error) = await OpenAsync(parse.GetValue(db), ct);
            if (services is null)
            {
                return CommonOptions.Fail(parse, "configuration: " + error);
            }

            await using var _ = services;
            var page = await services.GetRequiredService<JobRunStore>().ListAsync(parse.GetValue(offset), parse.GetValue(limit), parse.GetValue(job), ct);
            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, page);
                return 0;
            }

            parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"{page.Items.Count} of {page.Total} run(s)"));
            foreach (var run in page.Items)
            {
                var duration = run.FinishedAt is { } end ? string.Create(CultureInfo.InvariantCulture, $"{(end - run.StartedAt).TotalSeconds,7:0.0} s") : "      …  ";
                parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"#{run.Id,-6} {run.Job,-16} {run.Trigger,-9} {run.StartedAt:yyyy-MM-dd HH:mm:ss}Z {duration} {run.Status,-14} {string.Join(", ", run.Counts.Select(c => $"{c.Key}={c.Value}"))}{(run.Error is null ? string.Empty : "  " + run.Error)}"));
            }

            return 0;
        });
        return command;
    }

    /// <summary>The worker's services for a one-off run: appsettings.json in the current folder, then the
    /// environment (Jobs__…, ConnectionStrings__CrmReco), then --db; job progress on the invocation's stderr.</summary>
    private static async Task<(ServiceProvider? Services, string? Error)> OpenAsync(string? db, CancellationToken cancellationToken)
    {
        var configuration = CliConfiguration.Load(db);

        var options = configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
        var validation = new JobsOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            return (null, validation.FailureMessage);
        }

        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.AddInvocationError(includeScopes: true).AddFilter((_, level) => level >= LogLevel.Information))
            .AddCrmRecoCore(_ => CrmRecoConnection.Resolve(configuration))
            .AddCrmRecoJobs(configuration, schedule: false)
            .BuildServiceProvider();
        await services.GetRequiredService<DatabaseSchema>().EnsureCurrentAsync(cancellationToken);
        return (services, null);
    }
}
