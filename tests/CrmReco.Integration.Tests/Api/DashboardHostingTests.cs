using System.Net;
using System.Net.Http.Json;
using CrmReco.Core.Accounts;

namespace CrmReco.Integration.Tests.Api;

/// <summary>The dashboard (src/CrmReco.Web) served by the API host: the app for any page path, anonymous (the
/// login page must load), while /api keeps answering as an API.</summary>
public sealed class DashboardHostingTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/login")]
    [InlineData("/customers/C00001")]
    public async Task PagePath_Anonymous_GetsTheDashboardNotA401(string path)
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        using var client = host.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("_framework/blazor.webassembly", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Every script the page names is served: no build-time placeholder left for publishing to replace
    /// (.NET 10 does not replace them when the API project is published, and the app then never started).</summary>
    [Fact]
    public async Task IndexHtml_EveryScriptItNames_IsServedWithoutAPlaceholder()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        using var client = host.CreateClient();
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var source = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "CrmReco.Web", "wwwroot", "index.html"));

        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("_framework/blazor.webassembly.js", scripts);
        Assert.DoesNotContain("#[", source, StringComparison.Ordinal);
        foreach (var script in scripts)
        {
            using var response = await client.GetAsync(new Uri("/" + script, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{script}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task UnknownApiPath_StaysAnApiAnswer()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/no-such-thing", UriKind.Relative))).StatusCode);
        using var viewer = host.As(Roles.Viewer);
        using var response = await viewer.GetAsync(new Uri("/api/no-such-thing", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Session_AnonymousThenSignedIn_Answers204ThenTheUser()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.GetAsync(new Uri("/api/auth/session", UriKind.Relative))).StatusCode);

        var (client, _) = await host.LoginAsync(Roles.Marketing);
        var session = await client.GetFromJsonAsync<SessionInfo>("/api/auth/session");
        Assert.Equal("marketing@estate.test", session!.Name);
        Assert.Equal(Roles.Marketing, session.Role);
    }
}
