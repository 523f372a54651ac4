using CrmReco.Core.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmReco.Hosting.Jobs;

/// <summary>Registers the jobs in a host: the worker's, or the API's to run them in-process.</summary>
public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates the "Jobs" section (a bad cron stops the host at start with the key named), and
    /// registers a <see cref="JobRunner"/> (to trigger a job: <c>RunOnceAsync(name, JobTriggers.Api, ct)</c>), the
    /// <see cref="JobRunStore"/> history, and one <see cref="CronJobService"/> per enabled job. Uses the
    /// registered <see cref="TimeProvider"/>, else the system clock.
    /// </summary>
    /// <param name="database">The database of the runner; default Jobs:Database, else CRMRECO_DB, else the default
    /// (the API passes its own, so in-process jobs work on the database it serves).</param>
    /// <param name="schedule">False: only the runner and the history (jobs run on demand), no loops, no start-up validation.</param>
    public static IServiceCollection AddCrmRecoJobs(this IServiceCollection services, IConfiguration configuration, Func<IServiceProvider, string>? database = null, bool schedule = true)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var optionsBuilder = services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("CrmReco.Jobs");
            return new JobRunner(database?.Invoke(sp) ?? options.ResolveDatabase(configuration), options.CreateJobs(configuration), sp.GetRequiredService<TimeProvider>(), log: message => logger.LogInformation("{Message}", message));
        });
        services.TryAddSingleton(sp => sp.GetRequiredService<JobRunner>().Runs);
        if (!schedule)
        {
            return services;
        }

        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>());
        foreach (var job in JobsOptions.JobNames)
        {
            services.AddSingleton<IHostedService>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
                var schedule = options.ScheduleOf(job);
                return schedule.Enabled
                    ? new CronJobService(
                        job,
                        CronSchedule.Parse(schedule.Cron, schedule.TimeZone ?? options.TimeZone),
                        schedule.CatchUp,
                        sp.GetRequiredService<JobRunner>(),
                        sp.GetRequiredService<TimeProvider>(),
                        sp.GetRequiredService<ILogger<CronJobService>>())
                    : new DisabledJob();
            });
        }

        return services;
    }

    /// <summary>Stands for a job switched off (Enabled=false): starts and stops, does nothing.</summary>
    private sealed class DisabledJob : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
