using System.Globalization;
using CrmReco.Contracts.Campaigns;
using CrmReco.Core.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrmReco.Integration.Tests.Email;

/// <summary>`campaign report`'s figures after a send: group sums and the uplift from <see cref="UpliftEstimator"/>.</summary>
[Collection("cli")]
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
}
