using System.Net.Http.Json;
using CrmReco.Core.Accounts;
using CrmReco.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CrmReco.Integration.Tests.Api;

/// <summary>The real API (WebApplicationFactory) over a fresh database of the given provider, with one login
/// and one API key per role.</summary>
public sealed class ApiHost : WebApplicationFactory<Program>
{
    public const string Password = "correct-horse-battery";

    private readonly Dictionary<string, string> _settings;

    private ApiHost(string connectionString, Dictionary<string, string> settings)
    {
        ConnectionString = connectionString;
        _settings = settings;
    }

    public string ConnectionString { get; }

    /// <summary>API keys by role.</summary>
    public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

    /// <param name="kestrel">Serve on a real Kestrel on a free loopback port instead of TestServer (which enforces
    /// no request body limit); clients from <see cref="WebApplicationFactory{T}.CreateClient()"/> then talk HTTP.</param>
    public static async Task<ApiHost> StartAsync(string provider, bool seeded, Dictionary<string, string>? settings = null, bool kestrel = false)
    {
        var connection = TestDatabases.New(provider);
        if (seeded)
        {
            await SeedAsync(connection);
        }

        var host = new ApiHost(connection, settings ?? []);
        if (kestrel)
        {
            host.UseKestrel(0);
            host.StartServer();
        }
        else
        {
            _ = host.Server; // starts the host (and migrates) now
        }

        var accounts = TestServices.Get<AccountStore>(connection);
        var hasher = new PasswordHasher<UserAccount>();
        foreach (var role in Roles.All)
        {
            await accounts.UpsertUserAsync($"{role}@estate.test", hasher.HashPassword(null!, Password), role);
            host.Keys[role] = (await accounts.CreateApiKeyAsync("tests-" + role, role, "tests")).Key;
        }

        return host;
    }

    /// <summary>The sample estate imported, scored twice (so segment movements exist) and recommended.</summary>
    public static async Task SeedAsync(string connectionString)
    {
        foreach (var args in new[] { new[] { "demo" }, ["analyze", "--as-of", "2026-06-30"], ["analyze"], ["recommend"] })
        {
            var result = await CliRunner.RunAsync([.. args, "--db", connectionString]);
            Assert.True(result.ExitCode == 0, $"crmreco {string.Join(' ', args)} failed: {result.StdErr}");
        }
    }

    /// <summary>GETs <paramref name="url"/> and parses its JSON, failing the test with the status and body otherwise.</summary>
    public static async Task<System.Text.Json.JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {body}");
        return System.Text.Json.JsonDocument.Parse(body).RootElement;
    }

    /// <summary>A client that authenticates with the role's API key.</summary>
    public HttpClient As(string role)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Keys[role]);
        return client;
    }

    /// <summary>A browser-like client logged in with the cookie; the antiforgery token comes back from the login.</summary>
    public async Task<(HttpClient Client, string Antiforgery)> LoginAsync(string role)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email = $"{role}@estate.test", password = Password });
        response.EnsureSuccessStatusCode();
        var session = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return (client, session.GetProperty("antiforgeryToken").GetString()!);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("CrmReco:Database", ConnectionString);
        builder.UseSetting("CrmReco:UploadFolder", Path.Combine(Path.GetTempPath(), "crmreco-uploads", Guid.NewGuid().ToString("N")));
        builder.UseSetting("CrmReco:ReportWarmupSeconds", "0"); // no background SQL under other tests; ReportWarmupTests turn it on
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
