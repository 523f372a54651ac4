using System.Text;
using CrmReco.Contracts.Campaigns;
using CrmReco.Core.Email;
using CrmReco.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Integration.Tests.Email;

/// <summary>What an email says, and the outbox transport of the embedded default.</summary>
public sealed class CampaignContentTests
{
    private static readonly EmailRenderer Renderer = new(new EmailOptions { EstateName = "Domaine Klein", EstateAddress = "3 rue du Vignoble, 68340 Riquewihr" }, new BrevoOptions { WebhookToken = "s" });

    [Theory]
    [InlineData("fr", "Bonjour Marie,", "Se désinscrire")]
    [InlineData("en", "Hello Marie,", "Unsubscribe")]
    public async Task Render_DefaultTemplate_CarriesGreetingWinesLoiEvinAddressAndUnsubscribeLink(string language, string greeting, string unsubscribe)
    {
        var template = DefaultTemplates.Get("default", language)!;
        var model = new EmailModel(12, "Printemps", "C0042", "Marie", "Klein", language, [new EmailWine("RIES-GC-2021", "Riesling Grand Cru Schlossberg", 2021, 24.5m, "Vous aimez le Riesling")]);

        var email = await Renderer.RenderAsync(template, template.Subject, model);

        var url = Renderer.UnsubscribeUrl(12, "C0042");
        foreach (var part in new[] { System.Net.WebUtility.HtmlDecode(email.Html), email.Text })
        {
            Assert.Contains(greeting, part, StringComparison.Ordinal);
            Assert.Contains("L'abus d'alcool est dangereux pour la santé, à consommer avec modération.", part, StringComparison.Ordinal);
            Assert.Contains("Riesling Grand Cru Schlossberg 2021", part, StringComparison.Ordinal);
            Assert.Contains(language == "fr" ? "24,50 €" : "€24.50", part, StringComparison.Ordinal);
            Assert.Contains("Vous aimez le Riesling", part, StringComparison.Ordinal);
            Assert.Contains("3 rue du Vignoble, 68340 Riquewihr", part, StringComparison.Ordinal);
            Assert.Contains(url, part, StringComparison.Ordinal);
            Assert.Contains(unsubscribe, part, StringComparison.Ordinal);
        }

        Assert.Contains("https://boutique.domaine.example/vins/RIES-GC-2021?utm_source=crmreco&amp;utm_campaign=12", email.Html, StringComparison.Ordinal);
        Assert.Equal("C0042", Renderer.ReadUnsubscribeToken(Renderer.UnsubscribeToken("C0042")));
        Assert.Null(Renderer.ReadUnsubscribeToken(Renderer.UnsubscribeToken("C0042")[..^2] + "xx"));
    }

    [Fact]
    public async Task Approve_TemplateWithoutTheUnsubscribeLink_IsBlockedWithAClearMessage()
    {
        var db = await EmailTestSupport.SeededAsync("sqlite");
        await using var services = await EmailTestSupport.StartAsync(db);
        await services.GetRequiredService<TemplateStore>().SaveAsync("sans-lien", "fr", new SaveTemplateRequest("Nos vins", "<p>{{ greeting }}</p><p>{{ evin }}</p>", "{{ greeting }} {{ evin }}"));
        var campaigns = services.GetRequiredService<CampaignService>();
        var created = await campaigns.CreateAsync(new CreateCampaignRequest("Sans lien", Template: "sans-lien", Seed: 2), "test");

        var error = await Assert.ThrowsAsync<TemplateRenderException>(() => campaigns.ApproveAsync(created.CampaignId, "test"));

        Assert.Contains("unsubscribe link", error.Message, StringComparison.Ordinal);
        Assert.Equal(CampaignStates.Draft, (await services.GetRequiredService<CampaignStore>().GetSummaryAsync(created.CampaignId))!.State);
    }

    [Fact]
    public async Task Send_WithoutABrevoKey_WritesEachTreatmentEmailToTheOutboxAsHtmlAndEml()
    {
        var db = await EmailTestSupport.SeededAsync("sqlite");
        var outbox = Path.Combine(Path.GetTempPath(), "crmreco-outbox", Guid.NewGuid().ToString("N"));
        await using var services = await EmailTestSupport.StartAsync(db, settings: new() { ["Email:OutboxPath"] = outbox });
        var campaigns = services.GetRequiredService<CampaignService>();
        var created = await campaigns.CreateAsync(new CreateCampaignRequest("Outbox", Holdout: 0.1, Seed: 9), "test");
        await campaigns.ApproveAsync(created.CampaignId, "test");

        var sender = services.GetRequiredService<CampaignSender>();
        var result = await sender.SendAsync(created.CampaignId);

        Assert.Equal("outbox", sender.Transport);
        var detail = (await services.GetRequiredService<CampaignStore>().GetAsync(created.CampaignId))!;
        var folder = Path.Combine(outbox, created.CampaignId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var treatment = detail.Recipients.Where(r => r.Group == CampaignGroups.Treatment).Select(r => r.CustomerCode).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(treatment.Count, result.Sent);
        Assert.Equal(treatment, Directory.GetFiles(folder, "*.html").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(treatment, Directory.GetFiles(folder, "*.eml").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToList());
        var preview = await campaigns.PreviewAsync(created.CampaignId, treatment[0]);
        Assert.Equal(preview.Html, await File.ReadAllTextAsync(Path.Combine(folder, treatment[0] + ".html"))); // the preview is what was sent
        var eml = await File.ReadAllTextAsync(Path.Combine(folder, treatment[0] + ".eml"));
        Assert.Contains("To: ", eml, StringComparison.Ordinal);
        Assert.Contains("Content-Type: multipart/alternative", eml, StringComparison.Ordinal);
        Assert.Contains("X-Mailin-custom: crmreco:campaign=" + created.CampaignId + ";customer=" + treatment[0], eml, StringComparison.Ordinal);
        Assert.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(preview.Text))[..40], eml.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CampaignCommands_CreateShowApproveSendJson_PrintTheCountsAndEachRecipient()
    {
        var db = await EmailTestSupport.SeededAsync("sqlite");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["Email__OutboxPath"] = Path.Combine(Path.GetTempPath(), "crmreco-outbox", Guid.NewGuid().ToString("N")) };
        var create = await CliRunner.RunAsync(environment, "campaign", "create", "--name", "CLI", "--holdout", "0.25", "--seed", "8", "--json", "--db", db);
        Assert.True(create.ExitCode == 0, create.StdErr);
        var id = create.Json.GetProperty("campaignId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (eligible, treatment, control) = (create.Json.GetProperty("eligible").GetInt32(), create.Json.GetProperty("treatment").GetInt32(), create.Json.GetProperty("control").GetInt32());
        Assert.Equal(eligible, treatment + control);
        Assert.InRange(control, (int)(eligible * 0.25) - 1, (int)(eligible * 0.25) + 1);
        Assert.True(create.Json.GetProperty("exclusions").EnumerateObject().Any());

        var sendDraft = await CliRunner.RunAsync(environment, "campaign", "send", id, "--db", db, "--lang", "en");
        var sendDraftFrench = await CliRunner.RunAsync(environment, "campaign", "send", id, "--db", db);
        var approve = await CliRunner.RunAsync(environment, "campaign", "approve", id, "--db", db);
        var send = await CliRunner.RunAsync(environment, "campaign", "send", id, "--json", "--db", db);
        var show = await CliRunner.RunAsync(environment, "campaign", "show", id, "--json", "--db", db);

        Assert.Equal(2, sendDraft.ExitCode);
        Assert.Contains("only an approved campaign is sent", sendDraft.StdErr, StringComparison.Ordinal);
        Assert.Contains("est brouillon : seule une campagne approuvée est envoyée", sendDraftFrench.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, approve.ExitCode);
        Assert.True(send.ExitCode == 0, send.StdErr);
        Assert.Equal(treatment, send.Json.GetProperty("sent").GetInt32());
        var recipients = show.Json.GetProperty("recipients").EnumerateArray().ToList();
        Assert.Equal(treatment, recipients.Count(r => r.GetProperty("group").GetString() == "treatment" && r.GetProperty("status").GetString() == "sent" && r.GetProperty("messageId").GetString() is not null));
        Assert.Equal(control, recipients.Count(r => r.GetProperty("group").GetString() == "control"));
        Assert.All(recipients, r => Assert.True(r.TryGetProperty("customerCode", out _) && r.TryGetProperty("email", out _) && r.TryGetProperty("reason", out _)));
    }
}
