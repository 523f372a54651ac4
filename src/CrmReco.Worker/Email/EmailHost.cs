using CrmReco.Core;
using CrmReco.Core.Email;
using CrmReco.Core.Storage;
using CrmReco.Hosting;
using CrmReco.Worker.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrmReco.Worker.Email;

/// <summary>The services of the email verbs: appsettings.json of the current folder, then the environment
/// (Brevo__ApiKey, Email__OutboxPath…), the database from --db; logs on the invocation's stderr.</summary>
internal static class EmailHost
{
    public static async Task<ServiceProvider> StartAsync(string? db, CancellationToken cancellationToken)
    {
        var configuration = CliConfiguration.Load(db);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging
            .AddFilter("System.Net.Http", LogLevel.Warning)
            .AddFilter("Polly", LogLevel.Warning)
            .AddInvocationError());
        services.AddCrmRecoCore(CrmRecoConnection.Resolve(configuration));
        services.AddCrmRecoEmail();
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DatabaseSchema>().MigrateAsync(cancellationToken);
        return provider;
    }
}
