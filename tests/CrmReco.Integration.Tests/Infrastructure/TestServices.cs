using System.Collections.Concurrent;
using CrmReco.Core;
using CrmReco.Core.Email;
using CrmReco.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Integration.Tests.Infrastructure;

/// <summary>Core's container over a test database, as a host builds it (<c>AddCrmRecoCore</c>), with the schema
/// brought up to date. One per database and clock, kept for the test run (each test has its own database).</summary>
public static class TestServices
{
    private static readonly ConcurrentDictionary<(string Connection, TimeProvider Time), ServiceProvider> Containers = new();

    public static IServiceProvider For(string connectionString, TimeProvider? time = null)
    {
        var clock = time ?? TimeProvider.System;
        return Containers.GetOrAdd((connectionString, clock), key =>
        {
            var services = new ServiceCollection().AddLogging().AddSingleton(key.Time)
                .AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build())
                .AddCrmRecoCore(key.Connection).AddCrmRecoEmail().BuildServiceProvider();
            services.GetRequiredService<DatabaseSchema>().EnsureCurrentAsync().GetAwaiter().GetResult();
            return services;
        });
    }

    public static T Get<T>(string connectionString, TimeProvider? time = null)
        where T : notnull => For(connectionString, time).GetRequiredService<T>();

    /// <summary>The database kit of a test database, for tests that write rows by hand.</summary>
    internal static SqlDatabase Database(string connectionString) => Get<SqlDatabase>(connectionString);

    /// <summary>A service from a container of its own, as another process would have it (no shared caches).</summary>
    public static T Another<T>(string connectionString)
        where T : notnull => new ServiceCollection().AddLogging().AddCrmRecoCore(connectionString).BuildServiceProvider().GetRequiredService<T>();
}
