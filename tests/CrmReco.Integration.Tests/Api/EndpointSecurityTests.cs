using System.Net;
using System.Text.RegularExpressions;
using CrmReco.Core.Accounts;
using CrmReco.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Integration.Tests.Api;

/// <summary>Generated from the live endpoint list, so a new endpoint cannot forget its protection: every
/// endpoint but the few anonymous ones answers 401 without credentials, and 403 to a role weaker than its policy.</summary>
public sealed partial class EndpointSecurityTests : IAsyncLifetime
{
    // Brevo's webhook (a secret token in its URL) and the emails' unsubscribe link (a signed token) are reached from outside.
    private static readonly string[] Anonymous = ["GET /health", "GET /health/ready", "POST /api/auth/login", "POST /api/webhooks/brevo/{token}", "GET /api/unsubscribe/{token}", "GET /api/auth/session"];

    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync("sqlite", seeded: false);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private List<(string Method, string Path, string Route, string? Role, bool AllowsAnonymous)> Endpoints() =>
        _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => (
                Method: method,
                Path: Concrete(e.RoutePattern.RawText!),
                Route: method + " " + e.RoutePattern.RawText!.TrimEnd('/'),
                Role: e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Where(Roles.IsValid).OrderBy(p => Roles.All.ToList().IndexOf(p!)).LastOrDefault(),
                AllowsAnonymous: e.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
            .ToList();

    [Fact]
    public void Endpoints_OnlyHealthAndLogin_AreAnonymous()
    {
        // The interactive docs' own script and icon files are public (they hold no data); the page and the document are not.
        // So are the dashboard's files (src/CrmReco.Web) and its index.html for any other path: its data comes from /api.
        var anonymous = Endpoints().Where(e => e.AllowsAnonymous && !StaticAsset().IsMatch(e.Route)).Select(e => e.Route).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Anonymous.Order(StringComparer.Ordinal), anonymous);
    }

    [Fact]
    public void Endpoints_UnderApi_AllNameARole()
    {
        var missing = Endpoints().Where(e => e.Route.Contains(" /api/", StringComparison.Ordinal) && !e.Route.Contains("/api/auth/", StringComparison.Ordinal) && !Anonymous.Contains(e.Route) && e.Role is null).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public async Task EveryProtectedEndpoint_WithoutCredentials_Returns401()
    {
        using var client = _host.CreateClient();
        var endpoints = Endpoints().Where(e => !e.AllowsAnonymous && !StaticAsset().IsMatch(e.Route)).ToList();
        Assert.True(endpoints.Count > 25, $"only {endpoints.Count} endpoints found");
        foreach (var (method, path, route, _, _) in endpoints)
        {
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route} answered {(int)response.StatusCode} without credentials");
        }
    }

    [Fact]
    public async Task EveryProtectedEndpoint_WithAWeakerRole_Returns403()
    {
        var checkedCount = 0;
        foreach (var (method, path, route, role, _) in Endpoints().Where(e => e.Role is Roles.Marketing or Roles.Admin))
        {
            foreach (var weaker in Roles.All.TakeWhile(r => r != role))
            {
                using var client = _host.As(weaker);
                using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route} answered {(int)response.StatusCode} to a {weaker} key");
                checkedCount++;
            }
        }

        Assert.True(checkedCount >= 10, $"only {checkedCount} role checks ran");
    }

    [Fact]
    public async Task RevokedKey_IsRefused()
    {
        // The API's own store (a revocation through the API or in its process is seen at once; another process's
        // within the 30 s key cache).
        var accounts = _host.Services.GetRequiredService<AccountStore>();
        var (info, key) = await accounts.CreateApiKeyAsync("short-lived", Roles.Admin, "tests");
        using var client = _host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/customers", UriKind.Relative))).StatusCode);

        Assert.True(await accounts.RevokeApiKeyAsync(info.Id));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/customers", UriKind.Relative))).StatusCode);
    }

    /// <summary>A route pattern with sample values for its parameters.</summary>
    private static string Concrete(string pattern) => Parameter().Replace(pattern, m => m.Groups[1].Value.StartsWith('*') ? string.Empty : m.Groups[2].Value == ":long" ? "1" : "x1");

    [GeneratedRegex(@"^(GET|HEAD) (/docs/[\w.-]+\.(js|svg|css)$|/?(?!/?(api|docs|health|openapi)(/|$)))")]
    private static partial Regex StaticAsset();

    [GeneratedRegex(@"\{([*]*\w+)(:\w+)?\??\}")]
    private static partial Regex Parameter();
}
