using CrmReco.Core;
using CrmReco.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Worker.Common;

/// <summary>The container of one command: Core's services over the database of <c>--db</c>, else the
/// configuration's (<see cref="CliConfiguration"/>), else $CRMRECO_DB, else the embedded default, with the schema brought up to date once (a read of its version when it already is).</summary>
internal static class CliServices
{
    public static async Task<ServiceProvider> OpenAsync(string? database, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddCrmRecoCore(CliConfiguration.Database(database))
            .BuildServiceProvider();
        try
        {
            await services.GetRequiredService<DatabaseSchema>().EnsureCurrentAsync(cancellationToken);
            return services;
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }
}
