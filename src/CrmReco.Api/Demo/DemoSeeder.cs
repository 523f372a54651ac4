using CrmReco.Api.Common;
using CrmReco.Core.Accounts;
using CrmReco.Core.Import;
using CrmReco.Core.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CrmReco.Api.Demo;

/// <summary>`--demo`: the sample exports of a small Alsace estate imported and scored, and a demo admin login,
/// so a newcomer sees a full dashboard on the embedded database with one command.</summary>
public static class DemoSeeder
{
    public const string Email = "demo@crmreco.local";
    public const string Password = "vendanges-2026";

    public static async Task SeedAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var time = app.Services.GetRequiredService<TimeProvider>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CrmReco.Demo");
        var samples = Path.Combine(AppContext.BaseDirectory, "samples");
        var pipeline = new ImportPipeline(app.Services.GetRequiredService<IImportStore>(), time);
        var result = await pipeline.RunAsync(ImportPipeline.ExpandPaths([samples]), new ImportOptions(StartedBy: "demo"));
        logger.LogInformation("Demo data: {Loaded} rows loaded, {Skipped} files already there.", result.Totals.RowsLoaded, result.Files.Count(f => f.Status == ImportStatuses.FileSkipped));
        await DemoScoring.EnsureScoredAsync(app.Services, logger);
        await DemoCampaign.EnsureAsync(app.Services, logger);

        var accounts = app.Services.GetRequiredService<AccountStore>();
        var hasher = app.Services.GetRequiredService<IPasswordHasher<UserAccount>>();
        await accounts.UpsertUserAsync(Email, hasher.HashPassword(null!, Password), Roles.Admin);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                Console.WriteLine($"CrmReco (démo) : {address}/ — identifiant {Email}, mot de passe {Password}");
            }
        });
    }
}
