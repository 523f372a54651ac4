using System.CommandLine;
using System.Security.Cryptography;
using CrmReco.Core.Accounts;
using CrmReco.Worker.Common;
using Microsoft.AspNetCore.Identity;

using Microsoft.Extensions.DependencyInjection;
using static CrmReco.Worker.Common.CliText;

namespace CrmReco.Worker.Accounts;

/// <summary>`crmreco user add EMAIL --role R [--password P]`: creates a dashboard login (the first admin), or
/// resets the password and role of an existing one.</summary>
internal static class UserCommands
{
    public static Command User()
    {
        var user = new Command("user", T("User_Description"));
        user.Subcommands.Add(Add());
        user.Subcommands.Add(List());
        return user;
    }

    private static Command Add()
    {
        var db = CommonOptions.Database();
        var email = new Argument<string>("EMAIL") { Description = T("User_Argument_Email") };
        var role = new Option<string>("--role") { Description = T("Option_Role"), DefaultValueFactory = _ => Roles.Viewer };
        var password = new Option<string?>("--password")
        {
            Description = T("User_Option_Password"),
        };
        var command = new Command("add", T("User_Add_Description")) { email, role, password, db };
        command.SetAction(async (parse, ct) =>
        {
            var address = parse.GetValue(email)!.Trim();
            if (!address.Contains('@', StringComparison.Ordinal))
            {
                return CommonOptions.Fail(parse, T("User_Error_Email", address));
            }

            var roleName = parse.GetValue(role)!;
            if (!Roles.IsValid(roleName))
            {
                return CommonOptions.Fail(parse, T("Error_Role", string.Join(", ", Roles.All)));
            }

            var secret = parse.GetValue(password) ?? CliInvocation.Current.Variable("CRMRECO_PASSWORD");
            var generated = string.IsNullOrEmpty(secret);
            if (generated)
            {
                secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('/', '-').Replace('+', '_');
            }

            if (secret!.Length < 10)
            {
                return CommonOptions.Fail(parse, T("User_Error_Password"));
            }

            await using var services = await CliServices.OpenAsync(parse.GetValue(db), ct);
            var store = services.GetRequiredService<AccountStore>();
            var created = await store.UpsertUserAsync(address, new PasswordHasher<UserAccount>().HashPassword(null!, secret), roleName, ct);
            await store.AuditAsync("cli:" + Environment.UserName, created ? "user.create" : "user.reset", AccountStore.NormalizeEmail(address), roleName, ct);
            parse.Out().WriteLine(T(created ? "User_Created" : "User_Updated", AccountStore.NormalizeEmail(address), roleName));
            if (generated)
            {
                parse.Out().WriteLine(T("User_Password", secret));
            }

            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var command = new Command("list", T("User_List_Description")) { db, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.OpenAsync(parse.GetValue(db), ct);
            var users = await services.GetRequiredService<AccountStore>().ListUsersAsync(ct);
            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, users.Select(u => new { u.Email, u.Role, u.CreatedAt, u.LastLoginAt, u.LockedUntil }));
                return 0;
            }

            foreach (var u in users)
            {
                parse.Out().WriteLine($"{u.Email,-40} {u.Role,-10} {(u.LastLoginAt is { } at ? T("User_LastLogin", at) : T("User_NeverLoggedIn"))}");
            }

            return 0;
        });
        return command;
    }
}
