using CrmReco.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;

namespace CrmReco.Core.Email;

/// <summary>Wires the email campaigns: options, stores, renderer, the transport (Brevo with a key, the outbox without) and Brevo's typed client.</summary>
public static class EmailServiceCollectionExtensions
{
    /// <summary>Registers the "Brevo" and "Email" sections (bound from the host's <c>IConfiguration</c>), the stores
    /// and services of campaigns, and <see cref="BrevoClient"/> as a typed HttpClient whose calls are retried by a
    /// resilience handler: 429 after <c>x-sib-ratelimit-reset</c>, 5xx, timeouts and dropped connections with
    /// exponential backoff and jitter; never another 4xx. Call after <c>AddCrmRecoCore</c>.</summary>
    public static IServiceCollection AddCrmRecoEmail(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Idempotent: the API and AddCrmRecoJobs both call it, and a second AddHttpClient would add the api-key
        // header twice and stack a second retry handler.
        if (services.Any(d => d.ServiceType == typeof(CampaignSender)))
        {
            return services;
        }

        services.AddOptions<BrevoOptions>().BindConfiguration(BrevoOptions.SectionName);
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.SectionName);
        services.TryAddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.TryAddSingleton(sp => new CampaignStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new TemplateStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new EmailEventStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new EmailRenderer(sp.GetRequiredService<IOptions<EmailOptions>>().Value, sp.GetRequiredService<IOptions<BrevoOptions>>().Value));
        services.TryAddSingleton<CampaignService>();
        services.TryAddSingleton<CampaignSender>();
        services.TryAddSingleton<CampaignReports>();
        services.TryAddSingleton<OverviewCampaigns>();
        services.TryAddSingleton(sp => new BrevoSync(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<BrevoClient>(), sp.GetRequiredService<EmailEventStore>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new WeeklyReportService(
            sp.GetRequiredService<CrmReco.Core.Reports.ReportQueries>(), sp.GetRequiredService<CrmReco.Core.Dashboard.DashboardQueries>(), sp.GetRequiredService<ICrmQueries>(),
            sp.GetRequiredService<CampaignStore>(), sp.GetRequiredService<CampaignReports>(), sp.GetRequiredService<IOptions<EmailOptions>>().Value));
        services.TryAddSingleton<IStaffMailer>(sp => sp.GetRequiredService<IOptions<BrevoOptions>>().Value.HasApiKey
            ? new BrevoStaffMailer(sp.GetRequiredService<BrevoClient>(), sp.GetRequiredService<IOptions<BrevoOptions>>().Value)
            : new OutboxStaffMailer(sp.GetRequiredService<IOptions<EmailOptions>>().Value, sp.GetRequiredService<IOptions<BrevoOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IEmailTransport>(sp => sp.GetRequiredService<IOptions<BrevoOptions>>().Value.HasApiKey
            ? new BrevoTransport(sp.GetRequiredService<BrevoClient>(), sp.GetRequiredService<IOptions<BrevoOptions>>().Value)
            : new OutboxTransport(sp.GetRequiredService<IOptions<EmailOptions>>().Value, sp.GetRequiredService<IOptions<BrevoOptions>>().Value, sp.GetRequiredService<TimeProvider>()));

        services.AddHttpClient<BrevoClient>((sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<BrevoOptions>>().Value;
            http.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
            http.Timeout = Timeout.InfiniteTimeSpan; // the resilience handler times each attempt
            http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
            if (options.HasApiKey)
            {
                http.DefaultRequestHeaders.Add("api-key", options.ApiKey);
            }
        })
        .RedactLoggedHeaders(_ => true) // the api-key header never reaches a log
        .AddResilienceHandler("brevo", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<BrevoOptions>>().Value;
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, options.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(options.RetryDelaySeconds),
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
                    { Result: { } response } => (int)response.StatusCode == 429 || (int)response.StatusCode >= 500,
                    _ => false,
                }),
                DelayGenerator = args => ValueTask.FromResult(RateLimitReset(args.Outcome.Result)),
            });
            pipeline.AddTimeout(TimeSpan.FromSeconds(Math.Max(1, options.TimeoutSeconds)));
        });
        return services;
    }

    /// <summary>A 429's wait: Brevo's <c>x-sib-ratelimit-reset</c> (seconds until the window resets; no Retry-After), else the backoff.</summary>
    internal static TimeSpan? RateLimitReset(HttpResponseMessage? response)
    {
        if (response is { StatusCode: System.Net.HttpStatusCode.TooManyRequests } && response.Headers.TryGetValues("x-sib-ratelimit-reset", out var values)
            && double.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(Math.Min(seconds, 3600)) + TimeSpan.FromMilliseconds(100);
        }

        return null;
    }
}
