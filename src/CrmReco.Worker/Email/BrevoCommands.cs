using System.CommandLine;
using System.Globalization;
using CrmReco.Core.Email;
using CrmReco.Worker.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmReco.Worker.Email;

/// <summary>`crmreco brevo sync-contacts|sync-events`.</summary>
internal static class BrevoCommands
{
    public static Command Brevo()
    {
        var command = new Command("brevo", "Brevo's side: contacts (with attributes, opt-outs blacklisted) and events (a missed webhook).");
        command.Subcommands.Add(SyncContacts());
        command.Subcommands.Add(SyncEvents());
        return command;
    }

    private static Command SyncContacts()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var command = new Command("sync-contacts", "Upsert the consenting customers into Brevo (POST /contacts/import) with SEGMENT, CLV, LAST_ORDER_DATE, FAVOURITE_VARIETY, SCENARIO; blacklist the opted-out.") { db, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await EmailHost.StartAsync(parse.GetValue(db), ct);
            if (!services.GetRequiredService<IOptions<BrevoOptions>>().Value.HasApiKey)
            {
                return CommonOptions.Fail(parse, "no Brevo:ApiKey configured (environment Brevo__ApiKey).");
            }

            var result = await services.GetRequiredService<BrevoSync>().SyncContactsAsync(ct);
            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, result);
            }
            else
            {
                parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Contacts} contact(s) sent to Brevo in {result.Calls} call(s), {result.Blacklisted} blacklisted; process ids {string.Join(", ", result.ProcessIds)}"));
            }

            return result.Error is null ? 0 : CommonOptions.Fail(parse, result.Error, 1);
        });
        return command;
    }

    private static Command SyncEvents()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var days = new Option<int>("--days") { Description = "How many days back to pull.", DefaultValueFactory = _ => 7 };
        var command = new Command("sync-events", "Pull the transactional events (GET /smtp/statistics/events) and store the new ones, as the webhook would.") { db, days, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await EmailHost.StartAsync(parse.GetValue(db), ct);
            if (!services.GetRequiredService<IOptions<BrevoOptions>>().Value.HasApiKey)
            {
                return CommonOptions.Fail(parse, "no Brevo:ApiKey configured (environment Brevo__ApiKey).");
            }

            var result = await services.GetRequiredService<BrevoSync>().SyncEventsAsync(parse.GetValue(days), ct);
            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, result);
            }
            else
            {
                var s = result.Stored;
                parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Received} event(s) read in {result.Pages} page(s): {s.New} new, {s.OptOuts} opt-out(s), {s.Suppressions} suppression(s), {s.Ignored} ignored"));
            }

            return result.Error is null ? 0 : CommonOptions.Fail(parse, result.Error, 1);
        });
        return command;
    }
}
