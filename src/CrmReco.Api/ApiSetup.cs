using System.Text.Json.Serialization;
using CrmReco.Api.Admin;
using CrmReco.Api.Auth;
using CrmReco.Api.Campaigns;
using CrmReco.Api.Catalogue;
using CrmReco.Api.Common;
using CrmReco.Api.Customers;
using CrmReco.Api.Dashboard;
using CrmReco.Api.DataHealth;
using CrmReco.Api.Demo;
using CrmReco.Api.Imports;
using CrmReco.Api.Jobs;
using CrmReco.Api.Reports;
using CrmReco.Api.Scoring;
using CrmReco.Core;
using CrmReco.Core.Accounts;
using CrmReco.Core.Dashboard;
using CrmReco.Core.Email;
using CrmReco.Core.Jobs;
using CrmReco.Core.Privacy;
using CrmReco.Core.Storage;
using CrmReco.Hosting;
using CrmReco.Hosting.Jobs;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace CrmReco.Api;

/// <summary>The registrations and the pipeline of the API, so Program.cs stays a few lines.</summary>
public static class ApiSetup
{
    /// <summary>The host's options: the dashboard's files are found next to the binary (wwwroot when published),
    /// whatever folder the process runs in (it runs in the caller's folder to find data/crmreco.db).
    /// <c>--demo</c> is our switch, not a configuration key: left to the command-line configuration it would take the
    /// next argument as its value (<c>--demo --urls http://…</c> would lose the URL).</summary>
    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args.Where(arg => arg != "--demo").ToArray(),
        WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
    };

    public static WebApplicationBuilder AddCrmRecoApi(this WebApplicationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (args.Contains("--demo", StringComparer.Ordinal))
        {
            builder.Configuration[$"{ApiOptions.Section}:{nameof(ApiOptions.Demo)}"] = "true";
            // The sample estate's e-mails read "les vins que Domaine des Tilleuls a choisis", not the bare default "Domaine".
            builder.Configuration[$"{EmailOptions.SectionName}:{nameof(EmailOptions.EstateName)}"] ??= "Domaine des Tilleuls";
        }

        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Request logs are noise at Information; configuration (Logging:LogLevel) can still lower this.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Scopes printed: the jobs hosted here then name the job and its run on each of their lines.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>(o => o.IncludeScopes = true);
        builder.Services.AddSystemd(); // READY=1/STOPPING=1 and journald log format under systemd; no-op elsewhere
        builder.Services.AddCrmRecoCore(Connection);
        builder.Services.AddCrmRecoEmail();
        builder.Services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        AddJobs(builder);

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ArgumentExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals);
        builder.Services.AddOpenApi();
        builder.Services.AddCrmRecoAuth();
        builder.Services.AddCrmRecoProxy();
        builder.Services.AddCrmRecoDashboard();
        builder.Services.AddCrmRecoMetrics();
        builder.Services.AddSingleton<ReportWarmup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReportWarmup>());
        builder.Services.AddOptions<FormOptions>().Configure<IOptions<ApiOptions>>((form, api) => form.MultipartBodyLengthLimit = api.Value.MaxUploadMegabytes * 1024L * 1024L);
        // The small JSON limit for every request; RequestLimits raises it on the upload endpoint only.
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<ApiOptions>>((kestrel, api) => kestrel.Limits.MaxRequestBodySize = api.Value.MaxRequestBodyKilobytes * 1024L);
        return builder;
    }

    public static WebApplication UseCrmRecoApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseCrmRecoProxy();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestBodyLimits();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseCookieAntiforgery();

        app.MapHealthApi();
        app.MapMetrics();
        app.MapAuthApi();
        app.MapCustomersApi();
        app.MapCatalogueApi();
        app.MapScoringApi();
        app.MapImportsApi();
        app.MapDataHealthApi();
        app.MapAdminApi();
        app.MapJobsApi();
        app.MapReportsApi();
        app.MapCampaignsApi();
        app.MapBrevoWebhookApi();
        app.MapOpenApi().RequireAuthorization(Roles.Viewer);
        app.MapScalarApiReference("/docs").RequireAuthorization(Roles.Viewer);
        app.MapDashboard();
        return app;
    }

    /// <summary>Migrates the database before the first request; in demo mode, loads the samples and prints the login.</summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<ApiOptions>>().Value;
        await app.Services.GetRequiredService<DatabaseSchema>().EnsureCurrentAsync();
        if (options.Demo)
        {
            await DemoSeeder.SeedAsync(app);
        }
    }

    /// <summary>The jobs run on the API's database: always triggerable from /api/jobs, and on their cron
    /// schedules in this process when CrmReco:HostJobs is true (a small estate then runs one process).</summary>
    private static void AddJobs(WebApplicationBuilder builder)
    {
        builder.Services.AddCrmRecoJobs(builder.Configuration, schedule: builder.Configuration.GetValue<bool>($"{ApiOptions.Section}:{nameof(ApiOptions.HostJobs)}"));
    }

    private static string Connection(IServiceProvider services) => CrmRecoConnection.Resolve(services.GetRequiredService<IConfiguration>());
}
