using System.Globalization;
using System.Text;
using CrmReco.Contracts.Campaigns;
using CrmReco.Core;
using CrmReco.Core.Backup;
using CrmReco.Core.Dashboard;
using CrmReco.Core.Email;
using CrmReco.Core.Reports;
using CrmReco.Hosting;
using CrmReco.Hosting.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrmReco.Integration.Tests.Email;

/// <summary>Emails to the estate's staff: the weekly report and the alerts, through the jobs as the worker wires them.</summary>
public sealed class StaffEmailTests
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    [Fact]
    public async Task WeeklyReportCommand_WeekWithACampaign_ReportsSalesHealthAndTheCampaign()
    {
        var db = await EmailTestSupport.SeededAsync("sqlite");
        DateOnly lastSale;
        await using (var probe = await EmailTestSupport.StartAsync(db))
        {
            lastSale = (await probe.GetRequiredService<ICrmQueries>().GetStatusAsync()).LastSaleDate!.Value;
        }

        // Sent on the day of the last sale, reported on the Monday after that week.
        var time = new FakeTimeProvider(new DateTimeOffset(lastSale.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        var today = lastSale.AddDays(7 - (((int)lastSale.DayOfWeek + 6) % 7));
        var (from, to) = WeeklyReportService.WeekBefore(today);
        await using var services = await EmailTestSupport.StartAsync(db, time: time);
        var campaigns = services.GetRequiredService<CampaignService>();
        var id = (await campaigns.CreateAsync(new CreateCampaignRequest("Vendanges tardives", Seed: 3), "test")).CampaignId;
        await campaigns.ApproveAsync(id, "test");
        await services.GetRequiredService<CampaignSender>().SendAsync(id);
        var week = await services.GetRequiredService<ReportQueries>().PeriodAsync(from, to);
        var health = await services.GetRequiredService<DashboardQueries>().DataHealthAsync(0);
        var html = Path.Combine(Directory.CreateTempSubdirectory("crmreco-weekly-").FullName, "report.html");

        var result = await CliRunner.RunAsync("weekly-report", "--db", db, "--today", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--out", html);

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.True(from <= lastSale && lastSale <= to);
        Assert.True(week.Revenue > 0);
        var text = result.StdOut;
        Assert.StartsWith($"[CrmReco] Rapport de la semaine du {from.ToString("d MMMM yyyy", French)} au {to.ToString("d MMMM yyyy", French)}", text, StringComparison.Ordinal);
        Assert.Contains($"Chiffre d'affaires : {week.Revenue.ToString("#,##0 €", French)} ({week.Orders} commandes, {week.Customers} clients)", text, StringComparison.Ordinal);
        Assert.Contains($"Score : {health.Score}/100", text, StringComparison.Ordinal);
        var sent = Section(text, "Campagnes envoyées cette semaine");
        Assert.Contains($"Vendanges tardives (n° {id}, envoyée le", sent, StringComparison.Ordinal);
        Assert.Contains("pas encore mesurable : aucune vente importée depuis l'envoi", sent, StringComparison.Ordinal);
        Assert.Contains("Aucune.", Section(text, "Résultats des campagnes en cours de mesure"), StringComparison.Ordinal);
        var page = await File.ReadAllTextAsync(html);
        Assert.Contains("<html lang=\"fr\">", page, StringComparison.Ordinal);
        Assert.Contains("<li>Vendanges tardives (n°", page, StringComparison.Ordinal);

        var english = await CliRunner.RunAsync("weekly-report", "--db", db, "--today", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--lang", "en");
        Assert.Contains("Campaigns sent this week", english.StdOut, StringComparison.Ordinal);
        Assert.Equal(2, (await CliRunner.RunAsync("weekly-report", "--db", db, "--today", "07/12/2026")).ExitCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task WeeklyReportJob_ThroughBrevo_SentOncePerWeekToEveryRecipient(string provider)
    {
        var db = provider == "postgres" ? TestDatabases.NewPostgres() : TestDatabases.NewSqlite();
        await using var brevo = await FakeBrevo.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero)); // Monday 07:00 in Paris
        await using var worker = Worker(db, time, new()
        {
            ["Brevo:ApiKey"] = FakeBrevo.ApiKey,
            ["Brevo:BaseUrl"] = brevo.BaseUrl,
            ["Email:ReportRecipients:0"] = "cave@domaine.test",
            ["Email:ReportRecipients:1"] = "direction@domaine.test",
        });
        var runner = worker.GetRequiredService<JobRunner>();

        var first = await runner.RunOnceAsync(WeeklyReportJob.JobName, JobTriggers.Schedule);
        var again = await runner.RunOnceAsync(WeeklyReportJob.JobName, JobTriggers.Manual); // a catch-up or "run now" the same week
        time.Advance(TimeSpan.FromDays(7));
        var nextWeek = await runner.RunOnceAsync(WeeklyReportJob.JobName, JobTriggers.Schedule);

        Assert.Equal(JobStatuses.Succeeded, first.Status);
        Assert.Equal(1, first.Counts["sent"]);
        Assert.Equal(2, first.Counts["recipients"]);
        Assert.Equal(JobStatuses.Succeeded, again.Status);
        Assert.Equal(0, again.Counts.GetValueOrDefault("sent"));
        Assert.Equal(1, nextWeek.Counts["sent"]);
        Assert.Empty(brevo.Violations);
        var bodies = brevo.EmailBodies.ToList();
        Assert.Equal(2, bodies.Count);
        Assert.All(brevo.Calls, c => Assert.Equal(FakeBrevo.ApiKey, c.Key));
        Assert.Equal(["cave@domaine.test", "direction@domaine.test"], bodies[0]["to"]!.AsArray().Select(t => t!["email"]!.GetValue<string>()));
        Assert.Equal([BrevoStaffMailer.Tag], bodies[0]["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("[CrmReco] Rapport de la semaine du 30 novembre 2026 au 6 décembre 2026", bodies[0]["subject"]!.GetValue<string>());
        Assert.Contains("Aucune vente importée", bodies[0]["textContent"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEqual(bodies[0]["headers"]!["idempotencyKey"]!.GetValue<string>(), bodies[1]["headers"]!["idempotencyKey"]!.GetValue<string>());
        Assert.Equal(4, brevo.Deliveries.Count);
    }

    [Fact]
    public async Task WeeklyReportJob_NoRecipients_SendsNothing()
    {
        var outbox = Path.Combine(Path.GetTempPath(), "crmreco-outbox", Guid.NewGuid().ToString("N"));
        await using var worker = Worker(TestDatabases.NewSqlite(), new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero)), new() { ["Email:OutboxPath"] = outbox });

        var run = await worker.GetRequiredService<JobRunner>().RunOnceAsync(WeeklyReportJob.JobName, JobTriggers.Schedule);

        Assert.Equal(JobStatuses.Succeeded, run.Status);
        Assert.Equal(0, run.Counts.GetValueOrDefault("sent"));
        Assert.False(Directory.Exists(outbox));
    }

    [Fact]
    public async Task AlertJob_WithRecipients_EmailsTheAlertToTheOutbox()
    {
        var outbox = Path.Combine(Path.GetTempPath(), "crmreco-outbox", Guid.NewGuid().ToString("N"));
        var folder = Directory.CreateTempSubdirectory("crmreco-alerts-").FullName;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero));
        await using var worker = Worker(TestDatabases.NewSqlite(), time, new()
        {
            ["Email:OutboxPath"] = outbox,
            ["Jobs:Alerts:Recipients:0"] = "admin@domaine.test",
            ["Jobs:Alerts:StateFile"] = Path.Combine(folder, "alerts.json"),
            ["Jobs:Backup:Folder"] = Path.Combine(folder, "missing", "\0bad"), // an impossible folder: the backup fails
        });
        var runner = worker.GetRequiredService<JobRunner>();

        var backup = await runner.RunOnceAsync(BackupJob.JobName, JobTriggers.Schedule);
        var alerts = await runner.RunOnceAsync("alerts", JobTriggers.Schedule);

        Assert.Equal(JobStatuses.Failed, backup.Status);
        Assert.Equal(1, alerts.Counts["sent"]);
        var eml = Assert.Single(Directory.GetFiles(Path.Combine(outbox, OutboxStaffMailer.Folder), "*.eml"));
        Assert.Equal("alert-job-failed_backup-2026-12-07.eml", Path.GetFileName(eml));
        var message = await File.ReadAllTextAsync(eml);
        Assert.Contains("To: admin@domaine.test\r\n", message, StringComparison.Ordinal);
        Assert.Contains("Subject: =?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("[CrmReco] La sauvegarde de la base a échoué")) + "?=", message, StringComparison.Ordinal);
        Assert.Contains("La sauvegarde de la base a échoué", await File.ReadAllTextAsync(Path.ChangeExtension(eml, ".html")), StringComparison.Ordinal);
    }

    /// <summary>The worker's container: core, email and jobs from configuration, nothing scheduled.</summary>
    private static ServiceProvider Worker(string db, TimeProvider time, Dictionary<string, string?> settings)
    {
        settings["Jobs:Database"] = db;
        settings.TryAdd("Email:OutboxPath", Path.Combine(Path.GetTempPath(), "crmreco-outbox", Guid.NewGuid().ToString("N")));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(time);
        services.AddLogging();
        services.AddCrmRecoCore(_ => CrmRecoConnection.Resolve(configuration));
        services.AddCrmRecoJobs(configuration, schedule: false);
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<DatabaseSchema>().EnsureCurrentAsync().GetAwaiter().GetResult();
        return provider;
    }

    private static string Section(string text, string title)
    {
        var start = text.IndexOf(title + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section \"{title}\" in:\n{text}");
        var end = text.IndexOf("\n\n", start, StringComparison.Ordinal);
        return text[start..(end < 0 ? text.Length : end)];
    }
}
