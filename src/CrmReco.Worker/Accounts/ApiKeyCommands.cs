using System.CommandLine;
using System.Globalization;
using CrmReco.Core.Accounts;
using CrmReco.Worker.Common;

using Microsoft.Extensions.DependencyInjection;
using static CrmReco.Worker.Common.CliText;

namespace CrmReco.Worker.Accounts;

/// <summary>`crmreco apikey add NAME --role R | list | revoke ID`: keys for scripts calling the API (X-Api-Key header).</summary>
internal static class ApiKeyCommands
{
    public static Command ApiKey()
    {
        var command = new Command("apikey", T("ApiKey_Description"));
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Revoke());
        return command;
    }

    private static Command Add()
    {
        var db = CommonOptions.Database();
        var name = new Argument<string>("NAME") { Description = T("ApiKey_Argument_Name") };
        var role = new Option<string>("--role") { Description = T("Option_Role"), DefaultValueFactory = _ => Roles.Viewer };
        var command = new Command("add", T("ApiKey_Add_Description")) { name, role, db };
        command.SetAction(async (parse, ct) =>
        {
            if (!Roles.IsValid(parse.GetValue(role)))
            {
                return CommonOptions.Fail(parse, T("Error_Role", string.Join(", ", Roles.All)));
            }

            await using var services = await CliServices.OpenAsync(parse.GetValue(db), ct);
            var store = services.GetRequiredService<AccountStore>();
            var (info, key) = await store.CreateApiKeyAsync(parse.GetValue(name)!, parse.GetValue(role)!, "cli:" + Environment.UserName, ct);
            await store.AuditAsync("cli:" + Environment.UserName, "api_key.create", info.Id.ToString(CultureInfo.InvariantCulture), info.Role, ct);
            parse.Err().WriteLine(T("ApiKey_Created", info.Id, info.Name, info.Role));
            parse.Out().WriteLine(key);
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var command = new Command("list", T("ApiKey_List_Description")) { db, json };
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
                parse.Out().WriteLine(string.Create(Culture, $"#{k.Id,-4} {k.Prefix}…  {k.Role,-10} {k.Name,-30} {(k.RevokedAt is { } at ? T("ApiKey_Revoked", at) : k.LastUsedAt is { } used ? T("ApiKey_LastUsed", used) : T("ApiKey_NeverUsed"))}"));
            }

            return 0;
        });
        return command;
    }

    private static Command Revoke()
    {
        var db = CommonOptions.Database();
        var id = new Argument<long>("ID") { Description = T("ApiKey_Argument_Id") };
        var command = new Command("revoke", T("ApiKey_Revoke_Description", AccountStore.KeyCacheTime.TotalSeconds)) { id, db };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.OpenAsync(parse.GetValue(db), ct);
            var store = services.GetRequiredService<AccountStore>();
            if (!await store.RevokeApiKeyAsync(parse.GetValue(id), ct))
            {
                return CommonOptions.Fail(parse, T("ApiKey_Error_NotFound", parse.GetValue(id)), 1);
            }

            await store.AuditAsync("cli:" + Environment.UserName, "api_key.revoke", parse.GetValue(id).ToString(CultureInfo.InvariantCulture), null, ct);
            parse.Out().WriteLine(T("ApiKey_RevokedDone", parse.GetValue(id)));
            return 0;
        });
        return command;
    }
}
