using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using CrmReco.Contracts.Campaigns;
using CrmReco.Core.Email;
using CrmReco.Worker.Common;
using Microsoft.Extensions.DependencyInjection;
using static CrmReco.Worker.Common.CliText;

namespace CrmReco.Worker.Email;

/// <summary>`crmreco campaign create|list|show|approve|preview|send|cancel|report`. Exit codes: 0 done, 1 the send
/// left failures or uncertain batches, 2 a usage error or a refused operation (state, template), 3 another process
/// is sending the campaign.</summary>
internal static class CampaignCommands
{
    private const string Actor = "cli";

    public static Command Campaign()
    {
        var command = new Command("campaign", T("Campaign_Description"));
        command.Subcommands.Add(Create());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Approve());
        command.Subcommands.Add(Preview());
        command.Subcommands.Add(Send());
        command.Subcommands.Add(Cancel());
        command.Subcommands.Add(Report());
        return command;
    }

    private static Command Create()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var name = new Option<string>("--name") { Description = T("Campaign_Option_Name"), Required = true };
        var run = new Option<long?>("--run") { Description = T("Campaign_Option_Run") };
        var segment = new Option<string[]>("--segment") { Description = T("Campaign_Option_Segment"), AllowMultipleArgumentsPerToken = false };
        var scenario = new Option<string[]>("--scenario") { Description = T("Campaign_Option_Scenario") };
        var customer = new Option<string[]>("--customer") { Description = T("Campaign_Option_Customer") };
        var holdout = new Option<double?>("--holdout") { Description = T("Campaign_Option_Holdout") };
        var seed = new Option<long?>("--seed") { Description = T("Campaign_Option_Seed") };
        var subject = new Option<string?>("--subject") { Description = T("Campaign_Option_Subject") };
        var template = new Option<string?>("--template") { Description = T("Campaign_Option_Template") };
        var language = new Option<string?>("--language") { Description = T("Campaign_Option_Language") };
        var sendAt = new Option<string?>("--send-at") { Description = T("Campaign_Option_SendAt") };
        var command = new Command("create", T("Campaign_Create_Description"))
        {
            db, name, run, segment, scenario, customer, holdout, seed, subject, template, language, sendAt, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            DateTimeOffset? at = null;
            if (parse.GetValue(sendAt) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    return CommonOptions.Fail(parse, T("Campaign_Error_SendAt", text));
                }

                at = parsed.ToUniversalTime();
            }

            await using var services = await EmailHost.StartAsync(parse.GetValue(db), ct);
            var request = new CreateCampaignRequest(parse.GetValue(name)!, parse.GetValue(run), parse.GetValue(segment), parse.GetValue(scenario), parse.GetValue(customer),
                parse.GetValue(subject), parse.GetValue(template), parse.GetValue(language), at, parse.GetValue(holdout), parse.GetValue(seed));
            return await Guard(parse, async () =>
            {
                var created = await services.GetRequiredService<CampaignService>().CreateAsync(request, Actor, ct);
                var c = created.Counts;
                if (parse.GetValue(json))
                {
                    CommonOptions.WriteJson(parse, new { campaignId = created.CampaignId, runId = created.RunId, seed = created.Seed, eligible = c.Eligible, treatment = c.Treatment, control = c.Control, excluded = c.Excluded, exclusions = c.ExclusionsByReason });
                    return 0;
                }

                parse.Out().WriteLine(T("Campaign_Created", created.CampaignId, created.RunId, c.Eligible, c.Treatment, c.Control, created.Seed));
                PrintExclusions(parse, c);
                parse.Out().WriteLine(T("Campaign_CreatedNext", created.CampaignId));
                return 0;
            });
        });
        return command;
    }

    private static Command List()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var command = new Command("list", T("Campaign_List_Description")) { db, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await EmailHost.StartAsync(parse.GetValue(db), ct);
            var campaigns = await services.GetRequiredService<CampaignStore>().ListAsync(ct);
            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, campaigns);
                return 0;
            }

            foreach (var c in campaigns)
            {
                parse.Out().WriteLine(T("Campaign_ListRow", c.Id, Code("CampaignState_", c.State), c.Name, c.Counts.Treatment, c.Counts.Control, c.Counts.Sent)
                    + (c.SendAt is { } at ? T("Campaign_ListSendAt", at.UtcDateTime) : string.Empty));
            }

            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var id = new Argument<long>("ID");
        var command = new Command("show", T("Campaign_Show_Description")) { db, id, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await EmailHost.StartAsync(parse.GetValue(db), ct);
            if (await services.GetRequiredService<CampaignStore>().GetAsync(parse.GetValue(id), ct) is not { } detail)
            {
                return CommonOptions.Fail(parse, T("Campaign_Error_NotFound", parse.GetValue(id)));
            }

            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, detail);
                return 0;
            }

            var c = detail.Campaign;
            parse.Out().WriteLine(T("Campaign_Show", c.Id, c.Name, Code("CampaignState_", c.State), c.RunId, c.Subject, c.Template, c.Language, c.Holdout, c.Seed));
            PrintExclusions(parse, c.Counts);
            foreach (var r in detail.Recipients)
            {
                parse.Out().WriteLine($"  {r.CustomerCode,-12} {r.Email ?? "-",-32} {(r.Group is null ? "-" : Code("Group_", r.Group)),-10} {Code("RecipientStatus_", r.Status),-10} {Code("Exclusion_", r.Reason)} {r.MessageId ?? string.Empty}");
            }

            return 0;
        });
        return command;
    }

    private static Command Approve()
    {
        var db = CommonOptions.Database();
        var id = new Argument<long>("ID");
        var command = new Command("approve", T("Campaign_Approve_Description")) { db, id };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await EmailHost.StartAsync(parse.GetValue(db), ct);
            return await Guard(parse, async () =>
            {
                await services.GetRequiredService<CampaignService>().ApproveAsync(parse.GetValue(id), Actor, ct);
                await services.GetRequiredService<Core.Accounts.AccountStore>().AuditAsync(Actor, "campaign.approve", "id=" + parse.GetValue(id).ToString(CultureInfo.InvariantCulture), cancellationToken: ct);
                parse.Out().WriteLine(T("Campaign_Approved", parse.GetValue(id)));
                return 0;
            });
        });
        return command;
    }

    private static Command Preview()
    {
        var db = CommonOptions.Database();
        var id = new Argument<long>("ID");
        var customer = new Option<string>("--customer") { Description = T("Campaign_Option_PreviewCustomer"), Required = true };
        var output = new Option<FileInfo?>("--out") { Description = T("Campaign_Option_Out") };
        var command = new Command("preview", T("Campaign_Preview_Description")) { db, id, customer, output };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await EmailHost.StartAsync(parse.GetValue(db), ct);
            return await Guard(parse, async () =>
            {
                var preview = await services.GetRequiredService<CampaignService>().PreviewAsync(parse.GetValue(id), parse.GetValue(customer)!, ct);
                if (parse.GetValue(output) is { } file)
                {
                    await File.WriteAllTextAsync(file.FullName, preview.Html, ct);
                    parse.Out().WriteLine($"{preview.To} — {preview.Subject} → {file.FullName}");
                }
                else
                {
                    parse.Out().WriteLine(T("Campaign_Preview", preview.To, preview.Subject, preview.Text));
                }

                return 0;
            });
        });
        return command;
    }

    private static Command Send()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var id = new Argument<long>("ID");
        var now = new Option<bool>("--now") { Description = T("Campaign_Option_Now") };
        var command = new Command("send", T("Campaign_Send_Description")) { db, id, now, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await EmailHost.StartAsync(parse.GetValue(db), ct);
            return await Guard(parse, async () =>
            {
                var sender = services.GetRequiredService<CampaignSender>();
                var result = await sender.SendAsync(parse.GetValue(id), parse.GetValue(now), ct);
                await services.GetRequiredService<Core.Accounts.AccountStore>().AuditAsync(Actor, "campaign.send", "id=" + parse.GetValue(id).ToString(CultureInfo.InvariantCulture),
                    string.Create(CultureInfo.InvariantCulture, $"sent={result.Sent} failed={result.Failed} uncertain={result.Uncertain} transport={sender.Transport}"), ct);
                if (parse.GetValue(json))
                {
                    CommonOptions.WriteJson(parse, result);
                }
                else
                {
                    parse.Out().WriteLine(T("Campaign_Sent", result.CampaignId, Code("CampaignState_", result.State), sender.Transport, result.Sent, result.Failed, result.Uncertain, result.ExcludedAtSend, result.Batches, result.ResentBatches));
                    foreach (var error in result.Errors)
                    {
                        parse.Err().WriteLine("  " + error);
                    }
                }

                return result.Errors.Count == 0 ? 0 : 1;
            });
        });
        return command;
    }

    private static Command Cancel()
    {
        var db = CommonOptions.Database();
        var id = new Argument<long>("ID");
        var command = new Command("cancel", T("Campaign_Cancel_Description")) { db, id };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await EmailHost.StartAsync(parse.GetValue(db), ct);
            return await Guard(parse, async () =>
            {
                await services.GetRequiredService<CampaignService>().CancelAsync(parse.GetValue(id), ct);
                parse.Out().WriteLine(T("Campaign_Cancelled", parse.GetValue(id)));
                return 0;
            });
        });
        return command;
    }

    private static Command Report()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var ids = new Argument<long[]>("ID") { Arity = ArgumentArity.OneOrMore, Description = T("Campaign_Report_Ids") };
        var window = new Option<int?>("--window-days") { Description = T("Campaign_Option_Window") };
        var command = new Command("report", T("Campaign_Report_Description")) { db, ids, window, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await EmailHost.StartAsync(parse.GetValue(db), ct);
            return await Guard(parse, async () =>
            {
                var reports = services.GetRequiredService<CampaignReports>();
                var list = parse.GetValue(ids)!;
                var each = new List<CampaignReport>();
                foreach (var id in list)
                {
                    each.Add(await reports.ReportAsync(id, parse.GetValue(window), ct));
                }

                var pooled = list.Length > 1 ? await reports.PooledReportAsync(list, parse.GetValue(window), ct) : null;
                if (parse.GetValue(json))
                {
                    if (pooled is null)
                    {
                        CommonOptions.WriteJson(parse, each[0]);
                    }
                    else
                    {
                        CommonOptions.WriteJson(parse, new { campaigns = each, pooled });
                    }

                    return 0;
                }

                foreach (var report in each)
                {
                    parse.Out().WriteLine(T("Campaign_ReportTitle", report.CampaignId, report.Name, report.WindowStart, report.WindowEnd, report.WindowDays));
                    PrintResults(parse, report.Groups, report.RevenueUplift, report.Note);
                    var e = report.Engagement;
                    parse.Out().WriteLine(T("Campaign_Engagement", e.Delivered, e.Opened, e.Clicked, e.SoftBounces, e.HardBounces, e.Spam, e.Unsubscribed));
                }

                if (pooled is not null)
                {
                    parse.Out().WriteLine(T("Campaign_Season", pooled.CampaignsPooled, pooled.CampaignIds.Count));
                    PrintResults(parse, pooled.Groups, pooled.RevenueUplift, pooled.Note);
                }

                return 0;
            });
        });
        return command;
    }

    private static void PrintResults(ParseResult parse, IReadOnlyList<GroupResult> groups, UpliftFigure? uplift, string? note)
    {
        foreach (var g in groups)
        {
            parse.Out().WriteLine(T("Campaign_GroupRow", Code("Group_", g.Group), g.Customers, g.Buyers, g.Orders, g.Bottles, g.Revenue, g.RevenuePerCustomer));
        }

        if (uplift is { } u)
        {
            parse.Out().WriteLine(T("Campaign_Uplift", u.Estimate, u.Low, u.High) + (u.Indicative ? T("Campaign_Indicative") : string.Empty));
        }

        if (note is not null)
        {
            parse.Out().WriteLine("  " + ReportNote(note));
        }
    }

    private static void PrintExclusions(ParseResult parse, CampaignCounts counts)
    {
        foreach (var (reason, count) in counts.ExclusionsByReason.OrderByDescending(e => e.Value))
        {
            parse.Out().WriteLine(T("Campaign_Excluded", Code("Exclusion_", reason), count));
        }
    }

    /// <summary>The report's notes (Core's English) in the run's language; an unknown one as given.</summary>
    private static string ReportNote(string note) => note switch
    {
        "no sales imported since the send yet" => T("Campaign_Note_NoSales"),
        "no uplift: it needs customers in both the treatment and the control group" => T("Campaign_Note_NoUplift"),
        "no campaign with sales after its send and a control group to pool" => T("Campaign_Note_NothingToPool"),
        _ when note.StartsWith(UpliftEstimator.IndicativeLabel + ":", StringComparison.Ordinal) => T("Campaign_Note_Indicative", UpliftEstimator.MinCustomers, UpliftEstimator.MinBuyers),
        _ => note,
    };

    /// <summary>Refusals as one line and exit 2 (3 when another process is sending), not a stack trace.</summary>
    internal static async Task<int> Guard(ParseResult parse, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (CampaignStateException ex) when (ex.Message.Contains("another process", StringComparison.Ordinal))
        {
            return CommonOptions.Fail(parse, Refusal(ex.Message), 3);
        }
        catch (Exception ex) when (ex is CampaignStateException or TemplateRenderException or ArgumentException or KeyNotFoundException)
        {
            return CommonOptions.Fail(parse, Refusal(ex.Message));
        }
    }

    /// <summary>Core's refusals (English) in the run's language for the known ones; others (a template's error, a
    /// request's validation) as given.</summary>
    internal static string Refusal(string message)
    {
        foreach (var (pattern, key) in Refusals)
        {
            if (pattern.Match(message) is { Success: true } m)
            {
                return T(key, m.Groups["id"].Value, Code("CampaignState_", m.Groups["state"].Value), m.Groups["x"].Value);
            }
        }

        return message;
    }

    private static readonly (Regex Pattern, string Key)[] Refusals =
    [
        (new(@"^No campaign (?<id>\d+)\.$", RegexOptions.CultureInvariant), "Campaign_Error_NotFound"),
        (new(@"^Campaign (?<id>\d+) is (?<state>\S+): only an approved campaign is sent\.$", RegexOptions.CultureInvariant), "CampaignRefusal_OnlyApprovedSent"),
        (new(@"^Campaign (?<id>\d+) is scheduled for (?<x>.+): the worker sends it then \(or send it now explicitly\)\.$", RegexOptions.CultureInvariant), "CampaignRefusal_Scheduled"),
        (new(@"^Campaign (?<id>\d+) is being sent by another process\.$", RegexOptions.CultureInvariant), "CampaignRefusal_AnotherProcess"),
        (new(@"^Campaign (?<id>\d+) changed (?:state|while being approved); look at it again\.$", RegexOptions.CultureInvariant), "CampaignRefusal_Changed"),
        (new(@"^Campaign (?<id>\d+) is (?<state>\S+): only a draft can be approved\.$", RegexOptions.CultureInvariant), "CampaignRefusal_OnlyDraftApproved"),
        (new(@"^Campaign (?<id>\d+) is (?<state>\S+): it can no longer be cancelled\.$", RegexOptions.CultureInvariant), "CampaignRefusal_NoLongerCancelled"),
        (new(@"^Customer '(?<x>.+)' is not in campaign (?<id>\d+)\.$", RegexOptions.CultureInvariant), "CampaignRefusal_CustomerNotIn"),
        (new(@"^No recommendation run yet: ", RegexOptions.CultureInvariant), "CampaignRefusal_NoRun"),
    ];
}
