using System.Globalization;
using System.Text;
using CrmReco.Contracts.Campaigns;
using CrmReco.Contracts.Reports;
using CrmReco.Core.Dashboard;
using CrmReco.Core.Reports;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Email;

/// <summary>One import run of the week: files, rows, and what went wrong.</summary>
public sealed record WeeklyImport(long Id, DateTimeOffset StartedAt, string Status, int Files, int FilesFailed, int RowsLoaded, int RowsRejected, IReadOnlyList<string> Errors);

/// <summary>A campaign in the report: sent this week, or still within its results window.</summary>
public sealed record WeeklyCampaign(long Id, string Name, DateTimeOffset SentAt, int Treatment, int Control, UpliftFigure? RevenueUplift, double? IncrementalRevenue, int Opened, int Clicked, string? Note);

/// <summary>What the weekly staff email says: the week Monday–Sunday before the day it is made.</summary>
/// <param name="LatestSale">The latest sale imported: sales after it are not known yet (the ERP's export is weekly).</param>
public sealed record WeeklyReport(
    DateOnly From, DateOnly To, DateOnly? LatestSale, PeriodFigures Sales, PeriodFigures PreviousWeek, PeriodFigures SameWeekLastYear,
    IReadOnlyList<WeeklyImport> Imports, int HealthScore, IReadOnlyList<HealthCheck> HealthProblems,
    IReadOnlyList<WeeklyCampaign> CampaignsSent, IReadOnlyList<WeeklyCampaign> CampaignResults);

/// <summary>Builds and renders the weekly staff report (issue "Email campaigns", "Automatic report").</summary>
public sealed class WeeklyReportService
{
    private readonly ReportQueries _reports;
    private readonly DashboardQueries _dashboard;
    private readonly ICrmQueries _queries;
    private readonly CampaignStore _campaigns;
    private readonly CampaignReports _results;
    private readonly EmailOptions _options;

    internal WeeklyReportService(ReportQueries reports, DashboardQueries dashboard, ICrmQueries queries, CampaignStore campaigns, CampaignReports results, EmailOptions options)
    {
        _reports = reports;
        _dashboard = dashboard;
        _queries = queries;
        _campaigns = campaigns;
        _results = results;
        _options = options;
    }

    /// <summary>The last complete week (Monday–Sunday) strictly before <paramref name="today"/>.</summary>
    public static (DateOnly From, DateOnly To) WeekBefore(DateOnly today)
    {
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        return (monday.AddDays(-7), monday.AddDays(-1));
    }

    /// <summary>The key of a week's report ("weekly-report-2026-W49"): its outbox file and idempotency key.</summary>
    public static string Key(DateOnly from) =>
        string.Create(CultureInfo.InvariantCulture, $"weekly-report-{ISOWeek.GetYear(from.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(from.ToDateTime(TimeOnly.MinValue)):00}");

    public async Task<WeeklyReport> BuildAsync(DateOnly today, CancellationToken cancellationToken = default)
    {
        var (from, to) = WeekBefore(today);
        var latest = (await _queries.GetStatusAsync(cancellationToken)).LastSaleDate;
        var sales = await _reports.PeriodAsync(from, to, cancellationToken);
        var previous = await _reports.PeriodAsync(from.AddDays(-7), to.AddDays(-7), cancellationToken);
        var lastYear = await _reports.PeriodAsync(from.AddDays(-364), to.AddDays(-364), cancellationToken);

        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var imports = (await _queries.ListImportsAsync(200, cancellationToken))
            .Where(r => r.StartedAt >= start && r.StartedAt < end)
            .OrderBy(r => r.StartedAt)
            .Select(r => new WeeklyImport(r.Id, r.StartedAt, r.Status, r.Files.Count, r.Files.Count(f => f.Error is not null), r.RowsLoaded, r.RowsRejected,
                r.Files.Where(f => f.Error is not null).Select(f => $"{f.FileName} : {f.Error}").ToList()))
            .ToList();

        var health = await _dashboard.DataHealthAsync(0, cancellationToken);
        var sent = new List<WeeklyCampaign>();
        var results = new List<WeeklyCampaign>();
        var windowStart = start.AddDays(-_options.ReportWindowDays);
        foreach (var campaign in (await _campaigns.ListAsync(cancellationToken)).Where(c => c.SentAt is { } at && at >= windowStart && at < end).OrderBy(c => c.SentAt))
        {
            var report = await _results.ReportAsync(campaign.Id, cancellationToken: cancellationToken);
            var group = (string name) => report.Groups.FirstOrDefault(g => g.Group == name)?.Customers ?? 0;
            var line = new WeeklyCampaign(campaign.Id, campaign.Name, campaign.SentAt!.Value, group("treatment"), group("control"), report.RevenueUplift, report.IncrementalRevenue,
                report.Engagement.Opened, report.Engagement.Clicked, report.Note);
            (campaign.SentAt >= start ? sent : results).Add(line);
        }

        return new WeeklyReport(from, to, latest, sales, previous, lastYear, imports, health.Score,
            health.Checks.Where(c => c.Count > 0).OrderByDescending(c => c.Penalty).ToList(), sent, results);
    }

    /// <summary>The email: HTML and text, French or English (<see cref="EmailOptions.DefaultLanguage"/>).</summary>
    public StaffMessage Render(WeeklyReport report, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var en = (language ?? _options.DefaultLanguage) == "en";
        var culture = CultureInfo.GetCultureInfo(en ? "en-GB" : "fr-FR");
        string T(string fr, string english) => en ? english : fr;
        string Money(double value) => value.ToString("#,##0 €", culture);
        string Day(DateOnly d) => d.ToString(en ? "d MMM yyyy" : "d MMMM yyyy", culture);
        string Change(double current, double before) => before <= 0 ? "—" : ((current / before) - 1).ToString("+0 %;-0 %;0 %", culture);

        var sections = new List<(string Title, List<string> Lines)>();
        var sales = new List<string>
        {
            string.Create(culture, $"{T("Chiffre d'affaires", "Revenue")} : {Money(report.Sales.Revenue)} ({report.Sales.Orders} {T("commandes", "orders")}, {report.Sales.Customers} {T("clients", "customers")})"),
            string.Create(culture, $"{T("Semaine précédente", "Previous week")} : {Money(report.PreviousWeek.Revenue)} ({Change(report.Sales.Revenue, report.PreviousWeek.Revenue)})"),
            string.Create(culture, $"{T("Même semaine l'an dernier", "Same week last year")} : {Money(report.SameWeekLastYear.Revenue)} ({Change(report.Sales.Revenue, report.SameWeekLastYear.Revenue)})"),
        };
        if (report.LatestSale is null)
        {
            sales.Add(T("Aucune vente importée : déposez les exports de l'ERP dans la boîte de dépôt ou la page Imports.", "No sales imported yet: drop the ERP's exports in the inbox or on the Imports page."));
        }
        else if (report.LatestSale < report.To)
        {
            sales.Add(string.Create(culture, $"{T("Attention : ventes importées jusqu'au", "Note: sales imported up to")} {Day(report.LatestSale.Value)} {T("seulement.", "only.")}"));
        }

        sections.Add((T("Ventes de la semaine", "Sales of the week"), sales));

        List<string> imports = report.Imports.Count == 0
            ? [T("Aucun import cette semaine.", "No import this week.")]
            : report.Imports.SelectMany(i => new[]
            {
                string.Create(culture, $"{T("Import", "Import")} n° {i.Id} ({i.StartedAt.ToString("d MMM HH:mm", culture)}) : {i.Files} {T("fichier(s)", "file(s)")}, {i.RowsLoaded} {T("lignes chargées", "rows loaded")}, {i.RowsRejected} {T("en quarantaine", "quarantined")}{(i.FilesFailed > 0 ? ", " + i.FilesFailed.ToString(culture) + " " + T("fichier(s) refusé(s)", "file(s) refused") : string.Empty)}"),
            }.Concat(i.Errors.Select(e => "  ⚠ " + e))).ToList();
        sections.Add((T("Imports", "Imports"), imports));

        var health = new List<string> { string.Create(culture, $"{T("Score", "Score")} : {report.HealthScore}/100") };
        health.AddRange(report.HealthProblems.Take(5).Select(c => string.Create(culture, $"{(en ? c.TitleEn : c.TitleFr)} : {c.Count} / {c.OutOf}")));
        sections.Add((T("Qualité des données", "Data health"), health));

        string Campaign(WeeklyCampaign c)
        {
            var measurable = report.LatestSale is { } latest && latest > DateOnly.FromDateTime(c.SentAt.UtcDateTime);
            var uplift = !measurable ? T("pas encore mesurable : aucune vente importée depuis l'envoi", "not measurable yet: no sales imported since it was sent")
                : c.RevenueUplift is { } u
                ? string.Create(culture, $"{T("gain par client", "uplift per customer")} {u.Estimate.ToString("+0.00 €;-0.00 €", culture)} [{u.Low.ToString("0.00", culture)} ; {u.High.ToString("0.00", culture)}]{(u.Indicative ? " (" + T("indicatif", "indicative") + ")" : string.Empty)}")
                : c.Note ?? T("résultats pas encore disponibles", "no results yet");
            var incremental = measurable && c.IncrementalRevenue is { } r ? string.Create(culture, $", {T("CA incrémental", "incremental revenue")} {Money(r)}") : string.Empty;
            return string.Create(culture, $"{c.Name} (n° {c.Id}, {T("envoyée le", "sent on")} {Day(DateOnly.FromDateTime(c.SentAt.UtcDateTime))}) : {c.Treatment} {T("destinataires", "recipients")}, {c.Control} {T("témoins", "in control")}, {c.Opened} {T("ouvertures", "opens")}, {c.Clicked} {T("clics", "clicks")} ; {uplift}{incremental}");
        }

        sections.Add((T("Campagnes envoyées cette semaine", "Campaigns sent this week"), report.CampaignsSent.Count == 0 ? [T("Aucune.", "None.")] : report.CampaignsSent.Select(Campaign).ToList()));
        sections.Add((T("Résultats des campagnes en cours de mesure", "Results of campaigns still measured"), report.CampaignResults.Count == 0 ? [T("Aucune.", "None.")] : report.CampaignResults.Select(Campaign).ToList()));

        var subject = string.Create(culture, $"[CrmReco] {T("Rapport de la semaine du", "Report for the week of")} {Day(report.From)} {T("au", "to")} {Day(report.To)}");
        var text = new StringBuilder().Append(subject).Append("\n\n");
        var html = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"{(en ? "en" : "fr")}\"><body style=\"font-family:sans-serif;max-width:720px\"><h1 style=\"font-size:1.3em\">{StaffMail.Html.Encode(subject)}</h1>");
        foreach (var (title, lines) in sections)
        {
            text.Append(title).Append('\n').Append(new string('-', title.Length)).Append('\n');
            html.Append("<h2 style=\"font-size:1.1em\">").Append(StaffMail.Html.Encode(title)).Append("</h2><ul>");
            foreach (var line in lines)
            {
                text.Append("- ").Append(line).Append('\n');
                html.Append("<li>").Append(StaffMail.Html.Encode(line.Trim())).Append("</li>");
            }

            text.Append('\n');
            html.Append("</ul>");
        }

        var footer = T($"{_options.EstateName} — rapport automatique de CrmReco.", $"{_options.EstateName} — automatic report from CrmReco.");
        text.Append(footer).Append('\n');
        html.Append("<p style=\"color:#666\">").Append(StaffMail.Html.Encode(footer)).Append("</p></body></html>");
        return new StaffMessage(Key(report.From), subject, html.ToString(), text.ToString());
    }
}
