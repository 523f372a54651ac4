using System.Net;
using System.Text;
using System.Text.Json;
using CrmReco.Core.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CrmReco.Integration.Tests.Api;

/// <summary>Failed logins slow down one (account, client address) pair, for unknown accounts as for real ones;
/// behind the proxy the client address is the forwarded one.</summary>
public sealed class LoginThrottleTests
{
    private const string Proxy = "127.0.0.1";

    [Fact]
    public async Task Login_UnknownAndRealAccounts_AnswerAlike()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false, new() { ["CrmReco:MaxFailedLogins"] = "2", ["CrmReco:LoginAttemptsPerMinute"] = "100" });
        var real = new List<string>();
        var unknown = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            real.Add(Describe(await LoginAsync(host, Proxy, "203.0.113.1", "admin@estate.test", "wrong-password")));
            unknown.Add(Describe(await LoginAsync(host, Proxy, "203.0.113.1", "ghost@estate.test", "wrong-password")));
        }

        Assert.Equal(unknown, real);
        Assert.Equal(["401 Login failed", "401 Login failed", "429 Too many failed logins retry", "429 Too many failed logins retry"], real.Select(r => r[..r.IndexOf('|', StringComparison.Ordinal)]));
    }

    [Fact]
    public async Task Login_AStrangersFailures_DoNotKeepTheOwnerOut()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false, new() { ["CrmReco:LoginAttemptsPerMinute"] = "100" });
        for (var i = 0; i < 8; i++)
        {
            await LoginAsync(host, Proxy, "198.51.100.9", "admin@estate.test", "guess-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(StatusCodes.Status429TooManyRequests, (await LoginAsync(host, Proxy, "198.51.100.9", "admin@estate.test", ApiHost.Password)).Response.StatusCode);
        Assert.Equal(StatusCodes.Status200OK, (await LoginAsync(host, Proxy, "203.0.113.5", "admin@estate.test", ApiHost.Password)).Response.StatusCode);
    }

    [Fact]
    public async Task Login_RateLimit_BucketsByTheForwardedClient()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false, new() { ["CrmReco:LoginAttemptsPerMinute"] = "2", ["CrmReco:MaxFailedLogins"] = "100" });
        var first = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            first.Add((await LoginAsync(host, Proxy, "203.0.113.1", "nobody@estate.test", "whatever")).Response.StatusCode);
        }

        Assert.Equal([401, 401, 429], first);
        Assert.Equal(StatusCodes.Status401Unauthorized, (await LoginAsync(host, Proxy, "203.0.113.2", "nobody@estate.test", "whatever")).Response.StatusCode);
    }

    [Fact]
    public async Task KnownProxies_Configured_AreTheOnlyOnesTrusted()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false, new() { ["CrmReco:KnownProxies:0"] = "10.1.2.3" });
        var viaConfigured = await LoginAsync(host, "10.1.2.3", "203.0.113.7", "admin@estate.test", ApiHost.Password, https: true);
        Assert.Equal(IPAddress.Parse("203.0.113.7"), viaConfigured.Connection.RemoteIpAddress);
        Assert.Contains("secure", AuthCookie(viaConfigured), StringComparison.OrdinalIgnoreCase);

        var viaLoopback = await LoginAsync(host, Proxy, "203.0.113.7", "admin@estate.test", ApiHost.Password, https: true);
        Assert.Equal(IPAddress.Loopback, viaLoopback.Connection.RemoteIpAddress);
        Assert.DoesNotContain("secure", AuthCookie(viaLoopback), StringComparison.OrdinalIgnoreCase);
    }

    private static string Describe(HttpContext context)
    {
        var problem = JsonDocument.Parse(context.Response.Body).RootElement;
        // The wait is compared apart from its exact seconds, which depend on when each request ran.
        var retry = context.Response.Headers.RetryAfter.ToString();
        var detail = System.Text.RegularExpressions.Regex.Replace(problem.GetProperty("detail").GetString()!, "[0-9]+ s", "N s");
        return $"{context.Response.StatusCode} {problem.GetProperty("title").GetString()}{(retry.Length > 0 ? " retry" : "")}|{detail}";
    }

    private static string AuthCookie(HttpContext context) =>
        Assert.Single(context.Response.Headers.SetCookie.Select(c => c ?? string.Empty), c => c.StartsWith("crmreco.auth=", StringComparison.Ordinal));

    /// <summary>POSTs a login as the proxy at <paramref name="remote"/> forwarding for <paramref name="client"/>.</summary>
    private static Task<HttpContext> LoginAsync(ApiHost host, string remote, string client, string email, string password, bool https = false) =>
        host.Server.SendAsync(context =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
            context.Request.Method = HttpMethods.Post;
            context.Request.Scheme = "http";
            context.Request.Host = new HostString("crm.estate.test");
            context.Request.Path = "/api/auth/login";
            context.Request.ContentType = "application/json";
            context.Request.Headers["X-Forwarded-For"] = client;
            if (https)
            {
                context.Request.Headers["X-Forwarded-Proto"] = "https";
            }

            var body = JsonSerializer.SerializeToUtf8Bytes(new { email, password });
            context.Request.ContentLength = body.Length;
            context.Request.Body = new MemoryStream(body);
            context.Features.Set<IHttpRequestBodyDetectionFeature>(new HasBody());
        });

    /// <summary>TestServer decides from its own (empty) content that a request set up by hand has no body.</summary>
    private sealed class HasBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }
}
