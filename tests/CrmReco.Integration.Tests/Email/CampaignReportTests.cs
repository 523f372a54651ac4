using System.Globalization;
using CrmReco.Contracts.Campaigns;
using CrmReco.Core.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrmReco.Integration.Tests.Email;

/// <summary>`campaign report`'s figures after a send: group sums and the uplift from <see cref="UpliftEstimator"/>.</summary>
public sealed class CampaignReportTests
{
    [Fact]
    public async Task Report_TreatmentBoughtAfterTheSend_ShowsThePlantedUpliftWithItsInterval()
    {
        var db = await EmailTestSupport.SeededAsync("sqlite");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        var outbox = Path.Combine(Path.GetTempPath(), "crmreco-outbox", Guid.NewGuid().ToString("N"));
        await using var services = await EmailTestSupport.StartAsync(db, settings: new() { ["Email:OutboxPath"] = outbox }, time: time);
        var campaigns = services.GetRequiredService<CampaignService>();
        var created = await campaigns.CreateAsync(new CreateCampaignRequest("Uplift", Holdout: 0.3, Seed: 4), "test");
        await campaigns.ApproveAsync(created.CampaignId, "test");
        await services.GetRequiredService<CampaignSender>().SendAsync(created.CampaignId);
        var detail = (await services.GetRequiredService<CampaignStore>().GetAsync(created.CampaignId))!;
        var treatment = detail.Recipients.Where(r => r.Group == CampaignGroups.Treatment).Select(r => r.CustomerCode).ToList();
        var control = detail.Recipients.Count(r => r.Group == CampaignGroups.Control);

        // Every treatment customer orders 100 € of Riesling three days after the send; the control group buys nothing.
        var files = new ExportFiles();
        files.WriteCp1252("after/ventes_lignes/v.csv", [ExportFiles.SalesHeader, .. treatment.Select((code, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{code};10/12/2026;Riesling 2022;6;;;100,00;FACTURE;FA-U-{i};RIE-2022;;;"))]);
        Assert.Equal(0, (await CliRunner.RunAsync("import", "--db", db, Path.Combine(files.Root, "after"))).ExitCode);

        var report = await services.GetRequiredService<CampaignReports>().ReportAsync(created.CampaignId);

        Assert.Equal(treatment.Count, report.Groups[0].Buyers);
        Assert.Equal(0, report.Groups[1].Buyers);
        Assert.Equal(control, report.Groups[1].Customers);
        Assert.NotNull(report.RevenueUplift);
        Assert.Equal(100, report.RevenueUplift!.Estimate, 6);
        Assert.InRange(100, report.RevenueUplift.Low, report.RevenueUplift.High);
        Assert.Equal(1, report.ConversionUplift!.Estimate, 6);
        Assert.Equal(100 * treatment.Count, report.IncrementalRevenue!.Value, 2);
        Assert.True(report.RevenueUplift.Indicative); // no buyer at all in the control group: not a significant result
        Assert.Contains(UpliftEstimator.IndicativeLabel, report.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PooledReport_TwoCampaigns_WeightsEachUpliftByItsGroupSizes()
    {
        var db = await EmailTestSupport.SeededAsync("sqlite");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        await using var services = await EmailTestSupport.StartAsync(db, settings: new() { ["Email:PressureDays"] = "0" }, time: time);
        var campaigns = services.GetRequiredService<CampaignService>();
        var sender = services.GetRequiredService<CampaignSender>();
        var ids = new List<long>();
        foreach (var (name, holdout) in new[] { ("Avent", 0.3), ("Noël", 0.5) })
        {
            var id = (await campaigns.CreateAsync(new CreateCampaignRequest(name, Holdout: holdout, Seed: 11), "test")).CampaignId;
            await campaigns.ApproveAsync(id, "test");
            await sender.SendAsync(id);
            ids.Add(id);
            time.Advance(TimeSpan.FromDays(1));
        }

        // The first campaign's treatment group buys 100 € each, inside both windows.
        var first = (await services.GetRequiredService<CampaignStore>().GetAsync(ids[0]))!;
        var files = new ExportFiles();
        files.WriteCp1252("after/ventes_lignes/v.csv", [ExportFiles.SalesHeader, .. first.Recipients.Where(r => r.Group == CampaignGroups.Treatment).Select((r, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{r.CustomerCode};10/12/2026;Riesling 2022;6;;;100,00;FACTURE;FA-P-{i};RIE-2022;;;"))]);
        Assert.Equal(0, (await CliRunner.RunAsync("import", "--db", db, Path.Combine(files.Root, "after"))).ExitCode);
        var reports = services.GetRequiredService<CampaignReports>();
        var each = new[] { await reports.ReportAsync(ids[0]), await reports.ReportAsync(ids[1]) };

        var pooled = await reports.PooledReportAsync(ids);
        var cli = await CliRunner.RunAsync("campaign", "report", ids[0].ToString(CultureInfo.InvariantCulture), ids[1].ToString(CultureInfo.InvariantCulture), "--db", db);

        var weights = each.Select(r => (double)r.Groups[0].Customers * r.Groups[1].Customers / (r.Groups[0].Customers + r.Groups[1].Customers)).ToArray();
        var expected = ((weights[0] * each[0].RevenueUplift!.Estimate) + (weights[1] * each[1].RevenueUplift!.Estimate)) / weights.Sum();
        Assert.Equal(2, pooled.CampaignsPooled);
        Assert.Equal(expected, pooled.RevenueUplift!.Estimate, 3);
        Assert.InRange(pooled.RevenueUplift.Estimate, Math.Min(each[0].RevenueUplift!.Estimate, each[1].RevenueUplift!.Estimate), Math.Max(each[0].RevenueUplift!.Estimate, each[1].RevenueUplift!.Estimate));
        Assert.True(pooled.RevenueUplift.High - pooled.RevenueUplift.Low < each[1].RevenueUplift!.High - each[1].RevenueUplift!.Low);
        Assert.Equal(each.Sum(r => r.Groups[0].Customers), pooled.Groups[0].Customers);
        Assert.Equal(each.Sum(r => r.Groups[1].Customers), pooled.Groups[1].Customers);
        Assert.Equal(0, cli.ExitCode);
        Assert.Contains("Saison : 2 campagne(s) sur 2 regroupée(s)", cli.StdOut, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.GetCultureInfo("fr-FR"), $"écart de CA par client : {pooled.RevenueUplift.Estimate:N2} €"), cli.StdOut, StringComparison.Ordinal);
    }
}
