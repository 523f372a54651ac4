using CrmReco.Core.Storage;
using CrmReco.Hosting;
using Microsoft.Extensions.Configuration;

namespace CrmReco.Worker.Common;

/// <summary>What every verb reads, the worker's way: appsettings.json of the current folder, then the environment
/// (ConnectionStrings__CrmReco, Brevo__ApiKey, Jobs__…), then <c>--db</c> written as ConnectionStrings:CrmReco.
/// The environment is the invocation's (<see cref="CliInvocation"/>): the process's, or the variables a caller
/// running the command line in-process gave it.</summary>
internal static class CliConfiguration
{
    public static IConfigurationRoot Load(string? database = null)
    {
        var environment = CliInvocation.Current.OwnEnvironment;
        var builder = new ConfigurationBuilder();
        if (environment is not null)
        {
            // Nothing falls back to the process's $CRMRECO_DB: without a database anywhere, the embedded default.
            builder.AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { [CrmDatabase.EnvironmentVariable] = CrmDatabase.DefaultConnectionString });
        }

        builder.SetBasePath(Directory.GetCurrentDirectory()).AddJsonFile("appsettings.json", optional: true);
        if (environment is not null)
        {
            // Read as the environment provider reads variables: "__" separates sections.
            builder.AddInMemoryCollection(environment.Select(v => KeyValuePair.Create(v.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), (string?)v.Value)));
        }
        else
        {
            builder.AddEnvironmentVariables();
        }

        var configuration = builder.Build();
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
