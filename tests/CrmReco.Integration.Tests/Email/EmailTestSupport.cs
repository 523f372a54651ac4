using CrmReco.Core;
using CrmReco.Core.Email;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Integration.Tests.Email;

/// <summary>Databases with the sample estate imported and recommended, and the email services over them.</summary>
internal static class EmailTestSupport
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _sqliteTemplate;

    /// <summary>A fresh database holding the samples and one recommendation run (SQLite: a copy of one seeded file).</summary>
    public static async Task<string> SeededAsync(string provider)
    {
        if (provider == "postgres")
        {
            var pg = TestDatabases.NewPostgres();
            await SeedAsync(pg);
            return pg;
        }

        await Gate.WaitAsync();
        try
        {
            if (_sqliteTemplate is null)
            {
                var template = TestDatabases.NewSqlite();
                await SeedAsync(template);
                SqliteConnection.ClearAllPools();
                _sqliteTemplate = new SqliteConnectionStringBuilder(template).DataSource;
            }
        }
        finally
        {
            Gate.Release();
        }

        var copy = TestDatabases.NewSqlite();
        var target = new SqliteConnectionStringBuilder(copy).DataSource;
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(_sqliteTemplate)!, Path.GetFileName(_sqliteTemplate) + "*"))
        {
            File.Copy(file, target + file[_sqliteTemplate.Length..], overwrite: true);
        }

        return copy;
    }

    private static async Task SeedAsync(string connection)
    {
        foreach (var args in new[] { new[] { "demo" }, ["analyze"], ["recommend"] })
        {
            var result = await CliRunner.RunAsync([.. args, "--db", connection]);
            Assert.True(result.ExitCode == 0, $"crmreco {string.Join(' ', args)} failed: {result.StdErr}");
        }
    }

    /// <summary>The email services as the hosts wire them, with Brevo pointed at the fake (or no key: the outbox).</summary>
    public static ServiceProvider Services(string connection, FakeBrevo? brevo = null, Dictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Email:OutboxPath"] = Path.Combine(Path.GetTempPath(), "crmreco-outbox", Guid.NewGuid().ToString("N")),
            ["Brevo:SenderEmail"] = "cave@domaine.test",
            ["Brevo:SenderName"] = "Domaine Test",
            // The product's default. A short one made a loaded CI machine time out a call the fake had answered, and the
            // retry sent it twice; the tests of timeouts and retries set their own.
            ["Brevo:TimeoutSeconds"] = "30",
            ["Brevo:RetryDelaySeconds"] = "0.05",
            ["Brevo:WebhookToken"] = "hook-secret",
        };
        if (brevo is not null)
        {
            values["Brevo:ApiKey"] = FakeBrevo.ApiKey;
            values["Brevo:BaseUrl"] = brevo.BaseUrl;
        }

        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddCrmRecoCore(connection);
        services.AddCrmRecoEmail();
        return services.BuildServiceProvider();
    }

    /// <summary>Migrates (as hosts do at start) and returns the services.</summary>
    public static async Task<ServiceProvider> StartAsync(string connection, FakeBrevo? brevo = null, Dictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var services = Services(connection, brevo, settings, time);
        await services.GetRequiredService<DatabaseSchema>().MigrateAsync();
        return services;
    }
}
