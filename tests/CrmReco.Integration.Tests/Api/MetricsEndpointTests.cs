using System.Net;
using CrmReco.Core.Accounts;
using Microsoft.AspNetCore.Http;

namespace CrmReco.Integration.Tests.Api;

/// <summary>/metrics: Prometheus text with the HTTP, runtime and CrmReco meters, for the machine itself or an admin key only.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_AfterAnImportAndRequests_ExposesCrmRecoImportRowsAndRequestDurations()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        var files = new ExportFiles();
        files.WriteCp1252("in/ventes_lignes/v.csv", [ExportFiles.SalesHeader, "C1;10/12/2026;Riesling 2022;6;;;100,00;FACTURE;FA-M-1;RIE-2022;;;", "C2;31/02/2026;Riesling 2022;6;;;100,00;FACTURE;FA-M-2;RIE-2022;;;"]);
        Assert.Equal(0, (await CliRunner.RunAsync("import", "--db", host.ConnectionString, Path.Combine(files.Root, "in"))).ExitCode);
        using var viewer = host.As(Roles.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/imports")).StatusCode);

        var local = await ScrapeAsync(host, IPAddress.Loopback);
        var text = await new StreamReader(local.Response.Body).ReadToEndAsync();

        Assert.Equal(StatusCodes.Status200OK, local.Response.StatusCode);
        Assert.StartsWith("text/plain", local.Response.ContentType, StringComparison.Ordinal);
        Assert.Matches("""crmreco_import_rows_total\{[^}]*outcome="loaded"[^}]*\} [1-9]""", text);
        Assert.Matches("""crmreco_import_rows_total\{[^}]*outcome="quarantined"[^}]*\} [1-9]""", text);
        Assert.Matches("""crmreco_import_files_total\{[^}]*status="loaded"[^}]*\} [1-9]""", text);
        Assert.Matches("""http_server_request_duration_seconds_count\{[^}]*http_route="/api/imports/"[^}]*\} [1-9]""", text);
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_FromElsewhere_NotFoundUnlessAnAdminKey()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);

        var remote = await ScrapeAsync(host, IPAddress.Parse("203.0.113.9"));
        var proxied = await ScrapeAsync(host, IPAddress.Loopback, forwardedFor: "203.0.113.9"); // through Caddy
        var marketing = await ScrapeAsync(host, IPAddress.Parse("203.0.113.9"), apiKey: host.Keys[Roles.Marketing]);
        var admin = await ScrapeAsync(host, IPAddress.Parse("203.0.113.9"), apiKey: host.Keys[Roles.Admin]);

        Assert.Equal(StatusCodes.Status404NotFound, remote.Response.StatusCode);
        Assert.Equal(StatusCodes.Status404NotFound, proxied.Response.StatusCode);
        Assert.Equal(StatusCodes.Status404NotFound, marketing.Response.StatusCode);
        Assert.Equal(StatusCodes.Status200OK, admin.Response.StatusCode);
    }

    private static Task<HttpContext> ScrapeAsync(ApiHost host, IPAddress remote, string? forwardedFor = null, string? apiKey = null) =>
        host.Server.SendAsync(context =>
        {
            context.Connection.RemoteIpAddress = remote;
            context.Request.Method = HttpMethods.Get;
            context.Request.Path = "/metrics";
            if (forwardedFor is not null)
            {
                context.Request.Headers["X-Forwarded-For"] = forwardedFor;
            }

            if (apiKey is not null)
            {
                context.Request.Headers["X-Api-Key"] = apiKey;
            }
        });
}
