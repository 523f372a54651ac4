using CrmReco.Hosting;
using Microsoft.Extensions.Configuration;

namespace CrmReco.Worker.Common;

/// <summary>What every verb reads, the worker's way: appsettings.json of the current folder, then the environment
/// (ConnectionStrings__CrmReco, Brevo__ApiKey, Jobs__…), then <c>--db</c> written as ConnectionStrings:CrmReco.</summary>
internal static class CliConfiguration
{
    public static IConfigurationRoot Load(string? database = null)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        if (database is { Length: > 0 })
        {
            configuration[$"ConnectionStrings:{CrmRecoConnection.Name}"] = database;
        }

        return configuration;
    }

    /// <summary>The database of a verb: <c>--db</c>, else the configuration's (one rule with the worker and the
    /// API, <see cref="CrmRecoConnection.Resolve"/>), else $CRMRECO_DB, else the embedded default.</summary>
    public static string Database(string? option) => CrmRecoConnection.Resolve(Load(option));
}
