using System.CommandLine;
using System.Globalization;
using CrmReco.Core.Email;
using CrmReco.Worker.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static CrmReco.Worker.Common.CliText;

namespace CrmReco.Worker.Email;

/// <summary>`crmreco brevo sync-contacts|sync-events`.</summary>
internal static class BrevoCommands
{
    public static Command Brevo()
    {
        var command = new Command("brevo", T("Brevo_Description"));
        command.Subcommands.Add(SyncContacts());
        command.Subcommands.Add(SyncEvents());
        return command;
    }

    private static Command SyncContacts()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var command = new Command("sync-contacts", T("Brevo_SyncContacts_Description")) { db, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await EmailHost.StartAsync(parse.GetValue(db), ct);
            if (!services.GetRequiredService<IOptions<BrevoOptions>>().Value.HasApiKey)
            {
                return CommonOptions.Fail(parse, T("Brevo_Error_NoKey"));
            }

            var result = await services.GetRequiredService<BrevoSync>().SyncContactsAsync(ct);
            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, result);
            }
            else
            {
                parse.Out().WriteLine(T("Brevo_Contacts", result.Contacts, result.Calls, result.Blacklisted, string.Join(", ", result.ProcessIds)));
            }

            return result.Error is null ? 0 : CommonOptions.Fail(parse, result.Error, 1);
        });
        return command;
    }

    private static Command SyncEvents()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var days = new Option<int>("--days") { Description = T("Brevo_Option_Days"), DefaultValueFactory = _ => 7 };
        var command = new Command("sync-events", T("Brevo_SyncEvents_Description")) { db, days, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await EmailHost.StartAsync(parse.GetValue(db), ct);
            if (!services.GetRequiredService<IOptions<BrevoOptions>>().Value.HasApiKey)
            {
                return CommonOptions.Fail(parse, T("Brevo_Error_NoKey"));
            }

            var result = await services.GetRequiredService<BrevoSync>().SyncEventsAsync(parse.GetValue(days), ct);
            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, result);
            }
            else
            {
                var s = result.Stored;
                parse.Out().WriteLine(T("Brevo_Events", s.Received, result.Pages, s.New, s.OptOuts, s.Suppressions, s.Ignored));
            }

            return result.Error is null ? 0 : CommonOptions.Fail(parse, result.Error, 1);
        });
        return command;
    }
}
