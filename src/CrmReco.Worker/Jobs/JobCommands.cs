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
using static CrmReco.Worker.Common.CliText;

namespace CrmReco.Worker.Jobs;

/// <summary>`crmreco worker` (the scheduled host), `crmreco job run NAME` and `crmreco job list`: the same job
/// code, on a schedule or once.</summary>
internal static class JobCommands
{
    public const string WorkerVerb = "worker";

    public static Command Worker()
    {
        var db = CommonOptions.Database();
        var command = new Command(WorkerVerb, T("Worker_Description")) { db };
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
                return CommonOptions.Fail(parse, T("Error_Configuration", string.Join(" ", ex.Failures)));
            }

            return 0;
        });
        return command;
    }

    public static Command Job()
    {
        var command = new Command("job", T("Job_Description"));
        command.Subcommands.Add(Run());
        command.Subcommands.Add(List());
        return command;
    }

    private static Command Run()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var name = new Argument<string>("NAME") { Description = T("Job_Argument_Name", string.Join(", ", JobsOptions.JobNames)) };
        var command = new Command("run", T("JobRun_Description"))
        {
            db, json, name,
        };
        command.SetAction(async (parse, ct) =>
        {
            var job = parse.GetValue(name)!;
            if (!JobsOptions.JobNames.Contains(job, StringComparer.Ordinal))
            {
                return CommonOptions.Fail(parse, T("Job_Error_Unknown", job, string.Join(", ", JobsOptions.JobNames)));
            }

            var (services, error) = await OpenAsync(parse.GetValue(db), ct);
            if (services is null)
            {
                return CommonOptions.Fail(parse, T("Error_Configuration", error));
            }

            await using var _ = services;
            var result = await services.GetRequiredService<JobRunner>().RunOnceAsync(job, JobTriggers.Cli, ct);
            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, result);
            }
            else
            {
                parse.Out().WriteLine(T("JobRun_Result", result.Job, result.RunId, Code("JobStatus_", result.Status)) + (result.Error is null ? string.Empty : " — " + result.Error));
                foreach (var (count, value) in result.Counts)
                {
                    parse.Out().WriteLine(T("JobRun_Count", count, value));
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
        var job = new Option<string?>("--job") { Description = T("JobList_Option_Job") };
        var limit = new Option<int>("--limit") { Description = T("JobList_Option_Limit"), DefaultValueFactory = _ => 20 };
        var offset = new Option<int>("--offset") { Description = T("JobList_Option_Offset") };
        var command = new Command("list", T("JobList_Description"))
        {
            db, job, limit, offset, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (services, error) = await OpenAsync(parse.GetValue(db), ct);
            if (services is null)
            {
                return CommonOptions.Fail(parse, T("Error_Configuration", error));
            }

            await using var _ = services;
            var page = await services.GetRequiredService<JobRunStore>().ListAsync(parse.GetValue(offset), parse.GetValue(limit), parse.GetValue(job), ct);
            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, page);
                return 0;
            }

            parse.Out().WriteLine(T("JobList_Count", page.Items.Count, page.Total));
            foreach (var run in page.Items)
            {
                var duration = run.FinishedAt is { } end ? string.Create(Culture, $"{(end - run.StartedAt).TotalSeconds,7:0.0} s") : "      …  ";
                parse.Out().WriteLine(string.Create(Culture,
                    $"#{run.Id,-6} {run.Job,-16} {run.Trigger,-9} {run.StartedAt:yyyy-MM-dd HH:mm:ss}Z {duration} {Code("JobStatus_", run.Status),-14} {string.Join(", ", run.Counts.Select(c => string.Create(Culture, $"{c.Key}={c.Value}")))}{(run.Error is null ? string.Empty : "  " + run.Error)}"));
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
