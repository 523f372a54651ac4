using System.Net;
using System.Text;
using CrmReco.Core.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CrmReco.Integration.Tests.Api;

/// <summary>The API behind Caddy: X-Forwarded-Proto/-For are honoured from the loopback proxy only, and an https
/// request (as forwarded) gets a Secure cookie and HSTS.</summary>
public sealed class ReverseProxyTests
{
    private const string Domain = "crm.estate.test";

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Login_ForwardedHttpsFromLoopbackProxy_SetsSecureCookieAndHsts(string proxy)
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        var context = await LoginAsync(host, IPAddress.Parse(proxy), forwardedProto: "https");

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        var auth = AuthCookie(context);
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("max-age=", context.Response.Headers.StrictTransportSecurity.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_ForwardedHttpsFromAnotherAddress_IsIgnored()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        var context = await LoginAsync(host, IPAddress.Parse("198.51.100.20"), forwardedProto: "https");

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.DoesNotContain("secure", AuthCookie(context), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(context.Response.Headers.StrictTransportSecurity.ToString());
        Assert.Equal("http", context.Request.Scheme);
        Assert.Equal(IPAddress.Parse("198.51.100.20"), context.Connection.RemoteIpAddress);
    }

    [Fact]
    public async Task Login_PlainHttpFromLoopback_HasNoSecureFlagNorHsts()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        var context = await LoginAsync(host, IPAddress.Loopback, forwardedProto: null);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.DoesNotContain("secure", AuthCookie(context), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(context.Response.Headers.StrictTransportSecurity.ToString());
    }

    [Fact]
    public async Task Request_ForwardedForFromLoopbackProxy_IsTheClientAddress()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        var context = await LoginAsync(host, IPAddress.Loopback, forwardedProto: "https", forwardedFor: "203.0.113.7, 192.0.2.44");

        // Caddy appends the client it saw: the last entry is the one trusted, what came before is the client's say.
        Assert.Equal(IPAddress.Parse("192.0.2.44"), context.Connection.RemoteIpAddress);
        Assert.Equal("https", context.Request.Scheme);
    }

    /// <summary>POSTs the admin's login as the proxy (or whoever) at <paramref name="remote"/> would.</summary>
    private static Task<HttpContext> LoginAsync(ApiHost host, IPAddress remote, string? forwardedProto, string forwardedFor = "203.0.113.7") =>
        host.Server.SendAsync(context =>
        {
            context.Connection.RemoteIpAddress = remote;
            context.Request.Method = HttpMethods.Post;
            context.Request.Scheme = "http";
            context.Request.Host = new HostString(Domain);
            context.Request.Path = "/api/auth/login";
            context.Request.ContentType = "application/json";
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
            if (forwardedProto is not null)
            {
                context.Request.Headers["X-Forwarded-Proto"] = forwardedProto;
            }

            var body = Encoding.UTF8.GetBytes($$"""{"email":"{{Roles.Admin}}@estate.test","password":"{{ApiHost.Password}}"}""");
            context.Request.ContentLength = body.Length;
            context.Request.Body = new MemoryStream(body);
            context.Features.Set<IHttpRequestBodyDetectionFeature>(new HasBody());
        });

    /// <summary>TestServer decides from its own (empty) content that a request set up by hand has no body.</summary>
    private sealed class HasBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }

    private static string AuthCookie(HttpContext context) =>
        Assert.Single(context.Response.Headers.SetCookie.Select(c => c ?? string.Empty), c => c.StartsWith("crmreco.auth=", StringComparison.Ordinal));
}
