using CrmReco.Integration.Tests.Infrastructure;
using System.Net;
using System.Net.Http.Json;
using CrmReco.Core.Accounts;

namespace CrmReco.Integration.Tests.Api;

/// <summary>The dashboard's cookie login: lockout, rate limit, antiforgery on writes.</summary>
public sealed class CookieAuthTests
{
    [Fact]
    public async Task Login_RightPassword_OpensASessionAndLogoutClosesIt()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        var (client, token) = await host.LoginAsync(Roles.Marketing);
        var me = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/auth/me");
        Assert.Equal("marketing@estate.test", me.GetProperty("name").GetString());
        Assert.Equal("marketing", me.GetProperty("role").GetString());

        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout") { Headers = { { "X-XSRF-TOKEN", token } } };
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(logout)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/auth/me", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Login_RepeatedFailures_SlowDownThatAddressOnly_AndNeverLockTheAccount()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false, new() { ["CrmReco:MaxFailedLogins"] = "3", ["CrmReco:LoginAttemptsPerMinute"] = "100" });
        using var client = host.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/auth/login", new { email = "viewer@estate.test", password = "wrong-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // From this address, even the right password waits; the account itself is not locked.
        using var throttled = await client.PostAsJsonAsync("/api/auth/login", new { email = "viewer@estate.test", password = ApiHost.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), throttled.Headers.RetryAfter?.Delta);
        var user = await TestServices.Get<AccountStore>(host.ConnectionString).FindUserAsync("viewer@estate.test");
        Assert.Null(user!.LockedUntil);
    }

    [Fact]
    public async Task Login_TooManyAttemptsFromOneAddress_AreRateLimited()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false, new() { ["CrmReco:LoginAttemptsPerMinute"] = "4", ["CrmReco:MaxFailedLogins"] = "100" });
        using var client = host.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/auth/login", new { email = "nobody@estate.test", password = "whatever-it-is" });
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task CookieWrite_WithoutAntiforgeryToken_IsRefused_AndWithItPasses()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        var (client, token) = await host.LoginAsync(Roles.Admin);

        using var forged = await client.PostAsJsonAsync("/api/admin/api-keys", new { name = "csrf", role = "admin" });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("antiforgery", await forged.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        using var genuine = new HttpRequestMessage(HttpMethod.Post, "/api/admin/api-keys") { Content = JsonContent.Create(new { name = "real", role = "viewer" }), Headers = { { "X-XSRF-TOKEN", token } } };
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(genuine)).StatusCode);
        Assert.Single(await TestServices.Get<AccountStore>(host.ConnectionString).ListApiKeysAsync(), k => k.Name == "real");
        Assert.DoesNotContain(await TestServices.Get<AccountStore>(host.ConnectionString).ListApiKeysAsync(), k => k.Name == "csrf");
    }

    [Fact]
    public async Task ApiKeyWrite_NeedsNoAntiforgeryToken()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        using var client = host.As(Roles.Admin);
        using var response = await client.PostAsJsonAsync("/api/admin/api-keys", new { name = "script", role = "viewer" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
