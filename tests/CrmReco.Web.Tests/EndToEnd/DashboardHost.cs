using CrmReco.Api;
using CrmReco.Core.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CrmReco.Web.Tests.EndToEnd;

/// <summary>The real API host in demo mode (sample estate imported and scored) on 127.0.0.1 and a free port,
/// over a temporary SQLite file, serving the built dashboard; and Debian's chromium driven by Playwright.</summary>
public sealed class DashboardHost : IAsyncLifetime
{
    public const string ViewerEmail = "lecture@crmreco.local";
    public const string MarketingEmail = "marketing@crmreco.local";
    public const string Password = "lecture-2026-test";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "crmreco-web-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Where emails go without a Brevo key (outbox/&lt;campaign&gt;/&lt;customer&gt;.html and .eml).</summary>
    public string OutboxFolder => Path.Combine(_folder, "outbox");

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--demo"],
            ApplicationName = "crmreco-api",
            ContentRootPath = _folder,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.Configuration["CrmReco:Database"] = "Data Source=" + Path.Combine(_folder, "crmreco.db");
        builder.Configuration["CrmReco:UploadFolder"] = Path.Combine(_folder, "uploads");
        builder.Configuration["CrmReco:LoginAttemptsPerMinute"] = "1000";
        builder.Configuration["Email:OutboxPath"] = OutboxFolder; // no Brevo key: the campaign flow "sends" here
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddCrmRecoApi(["--demo"]);
        _app = builder.Build();
        _app.UseCrmRecoApi();
        await _app.PrepareAsync();
        var accounts = _app.Services.GetRequiredService<AccountStore>();
        var hasher = _app.Services.GetRequiredService<IPasswordHasher<UserAccount>>();
        await accounts.UpsertUserAsync(ViewerEmail, hasher.HashPassword(null!, Password), Roles.Viewer);
        await accounts.UpsertUserAsync(MarketingEmail, hasher.HashPassword(null!, Password), Roles.Marketing);
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CRMRECO_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held: the temp folder is cleaned by the system
        }
    }

    /// <summary>docs/screenshots of the repository this test runs from.</summary>
    public static string ScreenshotFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CrmReco.sln")))
        {
            dir = dir.Parent;
        }

        var folder = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "docs", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardHost>
{
    public const string Name = "dashboard";
}
