using CrmReco.Core.Email;
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
    /// registers a <see cref="JobRunner"/> (to trigger a job: <c>RunOnceAsync(name, JobTriggers.Api, ct)</c>) and one
    /// <see cref="CronJobService"/> per enabled job. The jobs work on the database of <c>AddCrmRecoCore</c>, which the
    /// host calls too.
    /// </summary>
    /// <param name="schedule">False: only the runner and the history (jobs run on demand), no loops, no start-up validation.</param>
    public static IServiceCollection AddCrmRecoJobs(this IServiceCollection services, IConfiguration configuration, bool schedule = true)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var optionsBuilder = services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName);
        services.AddCrmRecoEmail(); // the campaign jobs send through it
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            return new JobRunner(sp.GetRequiredService<JobRunStore>(), options.CreateJobs(sp), sp.GetRequiredService<TimeProvider>(), logger: sp.GetRequiredService<ILogger<JobRunner>>());
        });
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
