using CrmReco.Core.Storage;
using Microsoft.Extensions.Configuration;

namespace CrmReco.Hosting;

/// <summary>Where a host's database comes from: one rule for the worker, the command line and the API.</summary>
public static class CrmRecoConnection
{
    /// <summary>The connection string's name: <c>ConnectionStrings:CrmReco</c> (environment <c>ConnectionStrings__CrmReco</c>).</summary>
    public const string Name = "CrmReco";

    /// <summary>
    /// <c>ConnectionStrings:CrmReco</c> (the command line's <c>--db</c> is written there), else the older keys
    /// <c>CrmReco:Database</c> and <c>Jobs:Database</c>, else <c>$CRMRECO_DB</c>, else the embedded SQLite default.
    /// </summary>
    public static string Resolve(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return CrmDatabase.Resolve(new[]
        {
            configuration.GetConnectionString(Name),
            configuration["CrmReco:Database"],
            configuration["Jobs:Database"],
            configuration[CrmDatabase.EnvironmentVariable],
        }.FirstOrDefault(value => !string.IsNullOrWhiteSpace(value)));
    }
}
