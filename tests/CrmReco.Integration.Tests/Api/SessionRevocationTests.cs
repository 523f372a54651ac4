using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrmReco.Core.Accounts;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmReco.Integration.Tests.Api;

/// <summary>A dashboard cookie is only as good as its session on the server: logout, a password or role change and
/// "sign out everywhere" end it at once, even when someone kept a copy of the cookie.</summary>
public sealed class SessionRevocationTests
{
    [Fact]
    public async Task Logout_OldCookieReplayed_IsRefused()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        var session = await CookieSession.LoginAsync(host, Roles.Marketing);
        Assert.Equal(HttpStatusCode.OK, await session.GetAsync("/api/auth/me"));

        Assert.Equal(HttpStatusCode.NoContent, await session.PostAsync("/api/auth/logout"));

        Assert.Equal(HttpStatusCode.Unauthorized, await session.GetAsync("/api/auth/me"));
        Assert.Equal(HttpStatusCode.Unauthorized, await session.GetAsync("/api/customers"));
    }

    [Fact]
    public async Task RoleLoweredAndPasswordReset_OldCookie_LosesItsRights()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        var session = await CookieSession.LoginAsync(host, Roles.Marketing);
        Assert.Equal(HttpStatusCode.OK, await session.GetAsync("/api/customers/export"));

        using var admin = host.As(Roles.Admin);
        using var lowered = await admin.PostAsJsonAsync("/api/admin/users", new { email = "marketing@estate.test", password = "a-new-long-password", role = Roles.Viewer });
        Assert.Equal(HttpStatusCode.OK, lowered.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await session.GetAsync("/api/customers/export"));
        Assert.Equal(HttpStatusCode.Unauthorized, await session.GetAsync("/api/auth/me"));
        // The new password opens a new session with the new role.
        var again = await CookieSession.LoginAsync(host, Roles.Marketing, "a-new-long-password");
        Assert.Equal(HttpStatusCode.Forbidden, await again.GetAsync("/api/customers/export"));
        Assert.Equal(HttpStatusCode.OK, await again.GetAsync("/api/customers"));
    }

    [Fact]
    public async Task AdminSignOutEverywhere_EndsEverySessionOfThatUserOnly()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        var laptop = await CookieSession.LoginAsync(host, Roles.Marketing);
        var phone = await CookieSession.LoginAsync(host, Roles.Marketing);
        var other = await CookieSession.LoginAsync(host, Roles.Viewer);
        var adminSession = await CookieSession.LoginAsync(host, Roles.Admin);
        var users = await ApiHost.GetJsonAsync(adminSession.Client, "/api/admin/users");
        var id = users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == "marketing@estate.test").GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.NoContent, await adminSession.PostAsync($"/api/admin/users/{id}/sign-out"));
        Assert.Equal(HttpStatusCode.NotFound, await adminSession.PostAsync("/api/admin/users/999999/sign-out"));

        Assert.Equal(HttpStatusCode.Unauthorized, await laptop.GetAsync("/api/auth/me"));
        Assert.Equal(HttpStatusCode.Unauthorized, await phone.GetAsync("/api/auth/me"));
        Assert.Equal(HttpStatusCode.OK, await other.GetAsync("/api/auth/me"));
        Assert.Equal(HttpStatusCode.OK, await adminSession.GetAsync("/api/auth/me"));
        var audit = await ApiHost.GetJsonAsync(adminSession.Client, "/api/admin/audit");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == "user.sign_out");
    }

    [Fact]
    public async Task LogoutEverywhere_EndsTheUsersOtherSessions()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        var first = await CookieSession.LoginAsync(host, Roles.Viewer);
        var second = await CookieSession.LoginAsync(host, Roles.Viewer);

        Assert.Equal(HttpStatusCode.NoContent, await first.PostAsync("/api/auth/logout?everywhere=true"));

        Assert.Equal(HttpStatusCode.Unauthorized, await first.GetAsync("/api/auth/me"));
        Assert.Equal(HttpStatusCode.Unauthorized, await second.GetAsync("/api/auth/me"));
    }

    [Fact]
    public async Task Session_IsSlidingTwelveHours_CappedAtSevenDays()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        await CookieSession.LoginAsync(host, Roles.Viewer);

        var cookie = host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        Assert.Equal(TimeSpan.FromHours(12), cookie.ExpireTimeSpan);
        Assert.True(cookie.SlidingExpiration);
        var rows = await TestServices.Database(host.ConnectionString).QueryAsync("SELECT created_at, expires_at FROM user_sessions", r => r.Time(1)!.Value - r.Time(0)!.Value, default);
        Assert.Equal(TimeSpan.FromDays(7), Assert.Single(rows));
    }

    /// <summary>A browser's cookies as a plain header, so a test can keep sending them after the server ended the
    /// session (as someone who copied the cookie would).</summary>
    private sealed class CookieSession(HttpClient client, string cookies, string antiforgery)
    {
        public HttpClient Client { get; } = WithCookies(client, cookies);

        public static async Task<CookieSession> LoginAsync(ApiHost host, string role, string password = ApiHost.Password)
        {
            var client = host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
            using var response = await client.PostAsJsonAsync("/api/auth/login", new { email = $"{role}@estate.test", password });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("antiforgeryToken").GetString()!;
            var cookies = string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
            Assert.Contains("crmreco.auth=", cookies, StringComparison.Ordinal);
            return new CookieSession(client, cookies, token);
        }

        public async Task<HttpStatusCode> GetAsync(string url)
        {
            using var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
            return response.StatusCode;
        }

        public async Task<HttpStatusCode> PostAsync(string url)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Headers = { { "X-XSRF-TOKEN", antiforgery } } };
            using var response = await Client.SendAsync(request);
            return response.StatusCode;
        }

        private static HttpClient WithCookies(HttpClient client, string cookies)
        {
            client.DefaultRequestHeaders.Add("Cookie", cookies);
            return client;
        }
    }
}
