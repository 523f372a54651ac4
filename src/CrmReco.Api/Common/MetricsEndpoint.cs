using System.Net;
using CrmReco.Core;
using CrmReco.Core.Accounts;
using OpenTelemetry.Metrics;

namespace CrmReco.Api.Common;

/// <summary>
/// <c>/metrics</c> in Prometheus text format (OpenTelemetry's exporter): HTTP requests (rate, latency by route and
/// status), .NET runtime, Npgsql's connection pool, and CrmReco's own meter (imports, jobs, emails: see
/// <see cref="CrmRecoMetrics"/>). Served to a scraper on the machine itself (loopback, not through Caddy: the
/// forwarded-headers middleware gives proxied requests their client's address) or to an admin API key; anyone else
/// gets 404, so the endpoint does not advertise itself.
/// </summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static IServiceCollection AddCrmRecoMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(CrmRecoMetrics.MeterName, "Npgsql")
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        return services;
    }

    public static void MapMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(Path)
            .AllowAnonymous()
            .AddEndpointFilter(async (context, next) =>
                Allowed(context.HttpContext) ? await next(context) : TypedResults.NotFound());
    }

    private static bool Allowed(HttpContext context) =>
        (context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)) || context.User.IsInRole(Roles.Admin);
}
