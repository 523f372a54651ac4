using System.CommandLine;
using System.Globalization;
using CrmReco.Core.Accounts;
using CrmReco.Worker.Common;

using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Worker.Accounts;

/// <summary>`crmreco apikey add NAME --role R | list | revoke ID`: keys for scripts calling the API (X-Api-Key header).</summary>
internal static class ApiKeyCommands
{
    public static Command ApiKey()
    {
        var command = new Command("apikey", "API keys for scripts (sent in the X-Api-Key header).");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Revoke());
        return command;
    }

    private static Command Add()
    {
        var db = CommonOptions.Database();
        var name = new Argument<string>("NAME") { Description = "What the key is for, e.g. 'export mailing'." };
        var role = new Option<string>("--role") { Description = "admin, marketing or viewer.", DefaultValueFactory = _ => Roles.Viewer };
        var command = new Command("add", "Create a key; it is printed once, only its hash is kept.") { name, role, db };
        command.SetAction(async (parse, ct) =>
        {
            if (!Roles.IsValid(parse.GetValue(role)))
            {
                return CommonOptions.Fail(parse, $"--role must be one of {string.Join(", ", Roles.All)}.");
            }

            await using var services = await CliServices.OpenAsync(parse.GetValue(db), ct);
            var store = services.GetRequiredService<AccountStore>();
            var (info, key) = await store.CreateApiKeyAsync(parse.GetValue(name)!, parse.GetValue(role)!, "cli:" + Environment.UserName, ct);
            await store.AuditAsync("cli:" + Environment.UserName, "api_key.create", info.Id.ToString(CultureInfo.InvariantCulture), info.Role, ct);
            parse.Err().WriteLine($"API key #{info.Id} '{info.Name}' ({info.Role}) created; it is shown this once:");
            parse.Out().WriteLine(key);
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var command = new Command("list", "The keys (never their value).") { db, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.OpenAsync(parse.GetValue(db), ct);
            var keys = await services.GetRequiredService<AccountStore>().ListApiKeysAsync(ct);
            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, keys);
                return 0;
            }

            foreach (var k in keys)
            {
                parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"#{k.Id,-4} {k.Prefix}…  {k.Role,-10} {k.Name,-30} {(k.RevokedAt is { } at ? $"revoked {at:u}" : k.LastUsedAt is { } used ? $"last used {used:u}" : "never used")}"));
            }

            return 0;
        });
        return command;
    }

    private static Command Revoke()
    {
        var db = CommonOptions.Database();
        var id = new Argument<long>("ID") { Description = "The key's number (crmreco apikey list)." };
        var command = new Command("revoke", $"Revoke a key for good (a running API notices within {AccountStore.KeyCacheTime.TotalSeconds:0} s).") { id, db };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.OpenAsync(parse.GetValue(db), ct);
            var store = services.GetRequiredService<AccountStore>();
            if (!await store.RevokeApiKeyAsync(parse.GetValue(id), ct))
            {
                return CommonOptions.Fail(parse, $"no active API key #{parse.GetValue(id)}.", 1);
            }

            await store.AuditAsync("cli:" + Environment.UserName, "api_key.revoke", parse.GetValue(id).ToString(CultureInfo.InvariantCulture), null, ct);
            parse.Out().WriteLine($"API key #{parse.GetValue(id)} revoked.");
            return 0;
        });
        return command;
    }
}
