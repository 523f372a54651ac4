using System.CommandLine;
using System.Globalization;
using CrmReco.Contracts.Campaigns;
using CrmReco.Core.Email;
using CrmReco.Worker.Common;
using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Worker.Email;

/// <summary>`crmreco campaign create|list|show|approve|preview|send|cancel|report`. Exit codes: 0 done, 1 the send
/// left failures or uncertain batches, 2 a usage error or a refused operation (state, template), 3 another process
/// is sending the campaign.</summary>
internal static class CampaignCommands
{
    private const string Actor = "cli";

    public static Command Campaign()
    {
        var command = new Command("campaign", "Email campaigns from a recommendation run: create, review, approve, send (Brevo, or the outbox without a key), report.");
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
        var name = new Option<string>("--name") { Description = "The campaign's name.", Required = true };
        var run = new Option<long?>("--run") { Description = "The recommendation run (default: the latest)." };
        var segment = new Option<string[]>("--segment") { Description = "Only customers of this segment (repeatable).", AllowMultipleArgumentsPerToken = false };
        var scenario = new Option<string[]>("--scenario") { Description = "Only customers of this scenario (repeatable)." };
        var customer = new Option<string[]>("--customer") { Description = "Only this customer code (repeatable)." };
        var holdout = new Option<double?>("--holdout") { Description = "The control group's share of the eligible audience (default Email:DefaultHoldout, 0.1; 0 allowed)." };
        var seed = new Option<long?>("--seed") { Description = "Seed of the control draw (default: from the clock; recorded)." };
        var subject = new Option<string?>("--subject") { Description = "The subject (default: the template's)." };
        var template = new Option<string?>("--template") { Description = "The template's name (default: default)." };
        var language = new Option<string?>("--language") { Description = "fr (default) or en." };
        var sendAt = new Option<string?>("--send-at") { Description = "When to send (ISO date-time, UTC unless an offset is given); default: when sent." };
        var command = new Command("create", "Create a draft campaign: audience rules applied, exclusions recorded, control group drawn.")
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
                    return CommonOptions.Fail(parse, $"--send-at must be an ISO date or date-time, not '{text}'.");
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

                parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"Campagne n° {created.CampaignId} (brouillon) depuis les recommandations n° {created.RunId} : {c.Eligible} éligibles, {c.Treatment} à envoyer, {c.Control} en groupe témoin (graine {created.Seed})."));
                PrintExclusions(parse, c);
                parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"Relire : crmreco campaign show {created.CampaignId} — approuver : crmreco campaign approve {created.CampaignId}"));
                return 0;
            });
        });
        return command;
    }

    private static Command List()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var command = new Command("list", "The campaigns, newest first.") { db, json };
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
                parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"#{c.Id,-5} {c.State,-10} {c.Name}  — {c.Counts.Treatment} envoi(s) prévus, {c.Counts.Control} témoin(s), {c.Counts.Sent} envoyé(s){(c.SendAt is { } at ? $", prévue le {at:yyyy-MM-dd HH:mm}Z" : string.Empty)}"));
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
        var command = new Command("show", "A campaign and each recipient: customerCode, email, group, status, reason, messageId.") { db, id, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await EmailHost.StartAsync(parse.GetValue(db), ct);
            if (await services.GetRequiredService<CampaignStore>().GetAsync(parse.GetValue(id), ct) is not { } detail)
            {
                return CommonOptions.Fail(parse, $"no campaign {parse.GetValue(id).ToString(CultureInfo.InvariantCulture)}.");
            }

            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, detail);
                return 0;
            }

            var c = detail.Campaign;
            parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"#{c.Id} {c.Name} — {c.State}; run {c.RunId}; « {c.Subject} » ({c.Template}, {c.Language}); témoin {c.Holdout:P0}, graine {c.Seed}"));
            PrintExclusions(parse, c.Counts);
            foreach (var r in detail.Recipients)
            {
                parse.Out().WriteLine($"  {r.CustomerCode,-12} {r.Email ?? "-",-32} {r.Group ?? "-",-10} {r.Status,-10} {r.Reason ?? string.Empty} {r.MessageId ?? string.Empty}");
            }

            return 0;
        });
        return command;
    }

    private static Command Approve()
    {
        var db = CommonOptions.Database();
        var id = new Argument<long>("ID");
        var command = new Command("approve", "Approve a draft (every email is rendered first: a template that fails blocks the approval).") { db, id };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await EmailHost.StartAsync(parse.GetValue(db), ct);
            return await Guard(parse, async () =>
            {
                await services.GetRequiredService<CampaignService>().ApproveAsync(parse.GetValue(id), Actor, ct);
                await services.GetRequiredService<Core.Accounts.AccountStore>().AuditAsync(Actor, "campaign.approve", "id=" + parse.GetValue(id).ToString(CultureInfo.InvariantCulture), cancellationToken: ct);
                parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"Campagne n° {parse.GetValue(id)} approuvée."));
                return 0;
            });
        });
        return command;
    }

    private static Command Preview()
    {
        var db = CommonOptions.Database();
        var id = new Argument<long>("ID");
        var customer = new Option<string>("--customer") { Description = "The customer's code.", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "Write the HTML to this file (default: the text part on stdout)." };
        var command = new Command("preview", "The email of one customer, exactly as sent.") { db, id, customer, output };
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
                    parse.Out().WriteLine($"To: {preview.To}\nSubject: {preview.Subject}\n\n{preview.Text}");
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
        var now = new Option<bool>("--now") { Description = "Send now even if the campaign is scheduled later." };
        var command = new Command("send", "Send an approved campaign (Brevo with Brevo:ApiKey, else the outbox folder); idempotent, resumes an interrupted send.") { db, id, now, json };
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
                    parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"Campagne n° {result.CampaignId} ({result.State}, via {sender.Transport}) : {result.Sent} envoyé(s), {result.Failed} en échec, {result.Uncertain} incertain(s), {result.ExcludedAtSend} écarté(s) à l'envoi, {result.Batches} lot(s), {result.ResentBatches} lot(s) repris."));
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
        var command = new Command("cancel", "Cancel a campaign not sent yet (a send in progress stops before its next batch).") { db, id };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await EmailHost.StartAsync(parse.GetValue(db), ct);
            return await Guard(parse, async () =>
            {
                await services.GetRequiredService<CampaignService>().CancelAsync(parse.GetValue(id), ct);
                parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"Campagne n° {parse.GetValue(id)} annulée."));
                return 0;
            });
        });
        return command;
    }

    private static Command Report()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var ids = new Argument<long[]>("ID") { Arity = ArgumentArity.OneOrMore, Description = "One campaign, or several to pool them (a season)." };
        var window = new Option<int?>("--window-days") { Description = "Days of sales after sending (default Email:ReportWindowDays, 60)." };
        var command = new Command("report", "What the campaign earned: per group customers, buyers, orders, bottles, revenue; uplift with its interval; engagement. Several IDs: each, then pooled.") { db, ids, window, json };
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
                    parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"#{report.CampaignId} {report.Name} — du {report.WindowStart:yyyy-MM-dd} au {report.WindowEnd:yyyy-MM-dd} ({report.WindowDays} j)"));
                    PrintResults(parse, report.Groups, report.RevenueUplift, report.Note);
                    var e = report.Engagement;
                    parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"  délivrés {e.Delivered}, ouverts {e.Opened}, clics {e.Clicked}, rebonds {e.SoftBounces}+{e.HardBounces}, spam {e.Spam}, désinscriptions {e.Unsubscribed}"));
                }

                if (pooled is not null)
                {
                    parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"Saison : {pooled.CampaignsPooled} campagne(s) sur {pooled.CampaignIds.Count} regroupée(s)"));
                    PrintResults(parse, pooled.Groups, pooled.RevenueUplift, pooled.Note);
                }

                return 0;
            });
        });
        return command;
    }

    private static void PrintResults(ParseResult parse, IReadOnlyList<GroupResult> groups, UpliftFigure? uplift, string? note)
    {
        var french = CultureInfo.GetCultureInfo("fr-FR");
        foreach (var g in groups)
        {
            parse.Out().WriteLine(string.Create(french,
                $"  {g.Group,-10} {g.Customers,6:N0} clients  {g.Buyers,5:N0} acheteurs  {g.Orders,5:N0} commandes  {g.Bottles,8:N1} bouteilles  {g.Revenue,12:N2} €  {g.RevenuePerCustomer,8:N2} €/client"));
        }

        if (uplift is { } u)
        {
            parse.Out().WriteLine(string.Create(french, $"  écart de CA par client : {u.Estimate:N2} € [{u.Low:N2} ; {u.High:N2}] à 95 %{(u.Indicative ? " (indicatif)" : string.Empty)}"));
        }

        if (note is not null)
        {
            parse.Out().WriteLine("  " + note);
        }
    }

    private static void PrintExclusions(ParseResult parse, CampaignCounts counts)
    {
        foreach (var (reason, count) in counts.ExclusionsByReason.OrderByDescending(e => e.Value))
        {
            parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"  écartés ({reason}) : {count}"));
        }
    }

    /// <summary>Refusals as one line and exit 2 (3 when another process is sending), not a stack trace.</summary>
    internal static async Task<int> Guard(ParseResult parse, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (CampaignStateException ex) when (ex.Message.Contains("another process", StringComparison.Ordinal))
        {
            return CommonOptions.Fail(parse, ex.Message, 3);
        }
        catch (Exception ex) when (ex is CampaignStateException or TemplateRenderException or ArgumentException or KeyNotFoundException)
        {
            return CommonOptions.Fail(parse, ex.Message);
        }
    }
}
