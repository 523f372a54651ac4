using CrmReco.Api.Common;
using CrmReco.Core.Accounts;
using CrmReco.Core.Jobs;
using CrmReco.Hosting.Jobs;
using Microsoft.Extensions.Options;

namespace CrmReco.Api.Jobs;

/// <summary>/api/jobs: the jobs, their run history, and "run now".</summary>
public static class JobsEndpoints
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/jobs").WithTags("Jobs").RequireAuthorization(Roles.Viewer);
        group.MapGet("/", List);
        group.MapGet("/runs", Runs);
        group.MapGet("/runs/{id:long}", Run);
        group.MapPost("/{name}/run", Trigger).RequireAuthorization(Roles.Admin).Audited("job.run");
        return app;
    }

    /// <summary>Each job with its schedule and its last run.</summary>
    public static async Task<Ok<List<JobInfo>>> List(JobRunner runner, IOptions<JobsOptions> jobs, IOptions<ApiOptions> api, CancellationToken cancellationToken)
    {
        var result = new List<JobInfo>();
        foreach (var (name, schedule) in jobs.Value.Schedules)
        {
            var last = (await runner.Runs.ListAsync(0, 1, name, cancellationToken)).Items.FirstOrDefault();
            result.Add(new JobInfo(name, schedule.Cron, schedule.TimeZone ?? jobs.Value.TimeZone, schedule.Enabled, api.Value.HostJobs && schedule.Enabled, last));
        }

        return TypedResults.Ok(result);
    }

    /// <summary>Runs of every job (or of ?job=NAME), newest first.</summary>
    public static async Task<Results<Ok<JobRunPage>, ProblemHttpResult>> Runs([AsParameters] Paging paging, string? job, JobRunner runner, CancellationToken cancellationToken)
    {
        var page = paging.ToPage();
        return TypedResults.Ok(await runner.Runs.ListAsync(page.Offset, page.Limit, job, cancellationToken));
    }

    public static async Task<Results<Ok<JobRun>, ProblemHttpResult>> Run(long id, JobRunner runner, CancellationToken cancellationToken) =>
        await runner.Runs.GetAsync(id, cancellationToken) is { } run ? TypedResults.Ok(run) : Problems.NotFound($"No job run {id}.");

    /// <summary>Runs a job now, under the same single-instance lock as the worker. Answers with the outcome when
    /// it ends within ?wait= seconds (default 2), else 202 while it goes on (follow it in /api/jobs/runs);
    /// 409 when another process is running it.</summary>
    public static async Task<Results<Ok<JobRunResult>, Accepted<object>, Conflict<JobRunResult>, ProblemHttpResult>> Trigger(
        string name, int? wait, JobRunner runner, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<JobRunner> logger)
    {
        if (!runner.HasJob(name))
        {
            return Problems.NotFound($"No job '{name}': jobs are {string.Join(", ", runner.JobNames)}.");
        }

        // The run belongs to the application, not to this request: closing the browser does not abandon it.
        var run = Task.Run(() => runner.RunOnceAsync(name, JobTriggers.Api, lifetime.ApplicationStopping));
        _ = run.ContinueWith(t => logger.LogError(t.Exception, "Job {Job} triggered from the API crashed.", name), TaskContinuationOptions.OnlyOnFaulted);
        var waited = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(Math.Clamp(wait ?? 2, 0, 600)), time));
        if (waited != run)
        {
            return TypedResults.Accepted($"/api/jobs/runs?job={name}", (object)new { job = name, status = JobStatuses.Running });
        }

        var result = await run;
        return result.Status == JobStatuses.SkippedLocked ? TypedResults.Conflict(result) : TypedResults.Ok(result);
    }
}
