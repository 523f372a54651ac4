using System.Data.Common;
using CrmReco.Core.Storage;
using Microsoft.Extensions.Options;

namespace CrmReco.Api.Common;

public sealed record Readiness(string Status, string Database, int SchemaVersion, int LatestSchemaVersion, string? Error);

/// <summary>/health (the process answers) and /health/ready (the database answers and its schema is current).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        group.MapGet("/", () => TypedResults.Ok(new { status = "ok" }));
        group.MapGet("/ready", Ready);
        return app;
    }

    public static async Task<Results<Ok<Readiness>, JsonHttpResult<Readiness>>> Ready(DatabaseSchema schema, CancellationToken cancellationToken)
    {
        var provider = schema.Provider.ToString().ToLowerInvariant();
        try
        {
            var (current, latest) = await schema.VersionAsync(cancellationToken);
            var readiness = new Readiness(current == latest ? "ready" : "migrations pending", provider, current, latest, null);
            return current == latest ? TypedResults.Ok(readiness) : TypedResults.Json(readiness, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            return TypedResults.Json(new Readiness("unreachable", provider, 0, 0, ex.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
