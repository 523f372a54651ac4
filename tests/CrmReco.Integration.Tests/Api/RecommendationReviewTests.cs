using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrmReco.Core.Accounts;
using CrmReco.Core.Recommendations;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Api;

/// <summary>The recommendation debug view, the review of the latest run (a rejected wine stays out of a campaign
/// created from it), and the campaign draft edits (name, template preview), on SQLite and on PostgreSQL.</summary>
public sealed class RecommendationReviewTests
{
    private static async Task<JsonElement> SendJsonAsync(HttpClient client, HttpMethod method, string url, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = JsonContent.Create(body) });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task DebugAndReview_RejectedWine_IsShownAndLeftOutOfTheCampaign(string provider)
    {
        await using var host = await ApiHost.StartAsync(provider, seeded: true);
        using var viewer = host.As(Roles.Viewer);
        using var marketing = host.As(Roles.Marketing);

        // A customer with at least two wines in the latest run.
        var items = (await ApiHost.GetJsonAsync(viewer, "/api/recommendations?limit=500")).GetProperty("items").EnumerateArray().ToList();
        var code = items.GroupBy(i => i.GetProperty("customerCode").GetString()!).First(g => g.Count() >= 2).Key;
        var wines = items.Where(i => i.GetProperty("customerCode").GetString() == code).OrderBy(i => i.GetProperty("rank").GetInt32()).ToList();

        // Debug: the stored items, scores and sources, the scenario's weights, the removals as the customer page lists them.
        var debug = await ApiHost.GetJsonAsync(viewer, $"/api/recommendations/debug/{code}");
        Assert.Equal(wines.Select(w => w.GetProperty("article").GetString()), debug.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("article").GetString()));
        Assert.Equal(wines.Select(w => w.GetProperty("score").GetDouble()), debug.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("score").GetDouble()));
        Assert.Equal(wines[0].GetProperty("scenario").GetString(), debug.GetProperty("scenario").GetString());
        Assert.Equal("scenario", debug.GetProperty("weightsOrigin").GetString());
        var weights = debug.GetProperty("weights").EnumerateArray().ToList();
        Assert.NotEmpty(weights);
        Assert.Equal(1.0, weights.Sum(w => w.GetProperty("weight").GetDouble()), 6);
        // Each source's score behind each wine, stored by the run: the blend is Σ weight × score (float storage, 4 decimals).
        Assert.True(debug.GetProperty("perSourceScoresStored").GetBoolean());
        var weightOf = weights.ToDictionary(w => w.GetProperty("source").GetString()!, w => w.GetProperty("weight").GetDouble());
        foreach (var item in debug.GetProperty("items").EnumerateArray())
        {
            var scores = item.GetProperty("sourceScores").EnumerateArray().ToList();
            Assert.Equal(weightOf.Keys.Order(), scores.Select(x => x.GetProperty("source").GetString()!).Order());
            Assert.All(scores, x => Assert.InRange(x.GetProperty("score").GetDouble(), 0, 1));
            Assert.InRange(scores.Sum(x => weightOf[x.GetProperty("source").GetString()!] * x.GetProperty("score").GetDouble()) - item.GetProperty("score").GetDouble(), -1e-3, 1e-3);
        }

        var scoredRemovals = debug.GetProperty("scoredRemovals").EnumerateArray().ToList();
        Assert.InRange(scoredRemovals.Count, 0, 3);
        Assert.All(scoredRemovals, r => Assert.Contains(debug.GetProperty("removed").EnumerateArray(), x =>
            x.GetProperty("article").GetString() == r.GetProperty("article").GetString() && x.GetProperty("rule").GetString() == r.GetProperty("rule").GetString()));
        Assert.All(debug.GetProperty("items").EnumerateArray(), i => Assert.Equal(JsonValueKind.Object, i.GetProperty("reasonParameters").ValueKind));
        var detail = await ApiHost.GetJsonAsync(viewer, $"/api/customers/{code}");
        Assert.Equal(detail.GetProperty("removed").GetArrayLength(), debug.GetProperty("removed").GetArrayLength());
        using (var missing = await viewer.GetAsync(new Uri("/api/recommendations/debug/NOPE", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        // Review: viewers may not, marketing may; a wine not recommended is a 404, a bad decision a 400.
        var rejectedArticle = wines[0].GetProperty("article").GetString()!;
        var keptArticle = wines[1].GetProperty("article").GetString()!;
        var url = $"/api/recommendations/reviews/{code}/{Uri.EscapeDataString(rejectedArticle)}";
        using (var refused = await viewer.PutAsJsonAsync(url, new { decision = "rejected" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        await SendJsonAsync(marketing, HttpMethod.Put, url, new { decision = "maybe" }, HttpStatusCode.BadRequest);
        await SendJsonAsync(marketing, HttpMethod.Put, $"/api/recommendations/reviews/{code}/NOT-A-WINE", new { decision = "rejected" }, HttpStatusCode.NotFound);
        await SendJsonAsync(marketing, HttpMethod.Put, url, new { decision = "approved" });
        var review = await SendJsonAsync(marketing, HttpMethod.Put, url, new { decision = "rejected", note = "millésime épuisé chez le caviste" });
        Assert.Equal("rejected", review.GetProperty("decision").GetString());
        await SendJsonAsync(marketing, HttpMethod.Put, $"/api/recommendations/reviews/{code}/{Uri.EscapeDataString(keptArticle)}", new { decision = "approved" });

        var reviews = (await ApiHost.GetJsonAsync(viewer, $"/api/recommendations/reviews?customer={code}")).EnumerateArray().ToList();
        Assert.Equal(2, reviews.Count); // the second decision on the same wine replaced the first
        Assert.Contains(reviews, r => r.GetProperty("article").GetString() == rejectedArticle && r.GetProperty("decision").GetString() == "rejected"
            && r.GetProperty("note").GetString() == "millésime épuisé chez le caviste" && r.GetProperty("actor").GetString() == "api-key:tests-marketing");
        var reviewed = await ApiHost.GetJsonAsync(viewer, $"/api/recommendations/debug/{code}");
        Assert.Equal("rejected", reviewed.GetProperty("items")[0].GetProperty("decision").GetString());

        // A campaign created from that run leaves the rejected wine out, the approved one in.
        var created = await SendJsonAsync(marketing, HttpMethod.Post, "/api/campaigns", new { name = "Relecture", customers = new[] { code }, holdout = 0.0 });
        var id = created.GetProperty("campaignId").GetInt64();
        var campaign = await ApiHost.GetJsonAsync(viewer, $"/api/campaigns/{id}");
        var recipient = campaign.GetProperty("recipients").EnumerateArray().Single(r => r.GetProperty("customerCode").GetString() == code);
        var campaignItems = recipient.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("article").GetString()!, i => i.GetProperty("removedReason"));
        Assert.Equal("rejected_recommendation", campaignItems[rejectedArticle].GetString());
        Assert.NotEqual("rejected_recommendation", campaignItems[keptArticle].ValueKind == JsonValueKind.Null ? null : campaignItems[keptArticle].GetString());

        // Draft edits: the name, and the preview of a template being edited (422 with the error when it does not render).
        var renamed = await SendJsonAsync(marketing, HttpMethod.Put, $"/api/campaigns/{id}", new { name = "Relecture de décembre", subject = "Nos vins pour vous" });
        Assert.Equal("Relecture de décembre", renamed.GetProperty("campaign").GetProperty("name").GetString());
        Assert.Equal("Nos vins pour vous", renamed.GetProperty("campaign").GetProperty("subject").GetString());
        var template = await ApiHost.GetJsonAsync(viewer, "/api/templates/default/fr");
        var html = template.GetProperty("html").GetString()!.Replace("{{ greeting }}", "{{ greeting }}<p>Cher amateur,</p>", StringComparison.Ordinal);
        var preview = await SendJsonAsync(marketing, HttpMethod.Post, $"/api/campaigns/{id}/preview/{code}",
            new { subject = template.GetProperty("subject").GetString(), html, text = template.GetProperty("text").GetString() });
        Assert.Contains("<p>Cher amateur,</p>", preview.GetProperty("html").GetString(), StringComparison.Ordinal);
        var broken = await SendJsonAsync(marketing, HttpMethod.Post, $"/api/campaigns/{id}/preview/{code}",
            new { subject = "x", html = "<p>{% for w in wines %}</p>", text = "x" }, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("does not parse", broken.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var admin = host.As(Roles.Admin);
        var audit = (await ApiHost.GetJsonAsync(admin, "/api/admin/audit?limit=500")).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(3, audit.Count(a => a == "recommendation.review"));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Debug_RunWithLearnedWeights_ShowsTheWeightsTheRunLearned(string provider)
    {
        await using var host = await ApiHost.StartAsync(provider, seeded: true);
        using var viewer = host.As(Roles.Viewer);
        var stored = await TestServices.Get<DatabaseRecommendations>(host.ConnectionString).RecommendAndStoreAsync(learnWeights: true, weightBags: 1);
        var learned = stored!.Learned!.Weights;
        // A customer with history (two orders or more: not nurture), blended with the learned weights.
        var customer = stored.Run.Customers.First(c => c.Items.Count > 0 && c.Scenario != "nurture");
        Assert.NotEqual(RecommendationEngine.WeightsOf(customer.Scenario), learned);

        var debug = await ApiHost.GetJsonAsync(viewer, $"/api/recommendations/debug/{customer.CustomerId}");

        Assert.Equal(stored.RunId, debug.GetProperty("runId").GetInt64());
        Assert.Equal("learned", debug.GetProperty("weightsOrigin").GetString());
        Assert.Equal(customer.Scenario, debug.GetProperty("scenario").GetString()); // the scenario is still assigned
        var weightOf = debug.GetProperty("weights").EnumerateArray().ToDictionary(w => w.GetProperty("source").GetString()!, w => w.GetProperty("weight").GetDouble());
        var expected = BlendWeights.Names.Zip(learned.ToArray()).Where(p => p.Second != 0).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal(expected.Keys.Order(), weightOf.Keys.Order());
        Assert.All(expected, e => Assert.Equal(e.Value, weightOf[e.Key], 9));
        // The stored per-source scores blend with these weights into each wine's score.
        foreach (var item in debug.GetProperty("items").EnumerateArray())
        {
            var scores = item.GetProperty("sourceScores").EnumerateArray().ToList();
            Assert.Equal(weightOf.Keys.Order(), scores.Select(x => x.GetProperty("source").GetString()!).Order());
            Assert.InRange(scores.Sum(x => weightOf[x.GetProperty("source").GetString()!] * x.GetProperty("score").GetDouble()) - item.GetProperty("score").GetDouble(), -1e-3, 1e-3);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Debug_CustomerWithoutHistory_ShowsTheSeasonAloneItWasBlendedWith(string provider)
    {
        await using var host = await ApiHost.StartAsync(provider, seeded: true);
        using var viewer = host.As(Roles.Viewer);
        var files = new ExportFiles();
        await TestImports.ImportAsync(host.ConnectionString, files.WriteCp1252("clients/clients.csv", ExportFiles.CustomersHeader, "NEW1;Neuf;Nina;nina@example.fr;;;67000;Strasbourg;France"));
        var stored = await TestServices.Get<DatabaseRecommendations>(host.ConnectionString).RecommendAndStoreAsync();
        Assert.NotEmpty(stored!.Run.Customers.Single(c => c.CustomerId == "NEW1").Items);

        var debug = await ApiHost.GetJsonAsync(viewer, "/api/recommendations/debug/NEW1");

        Assert.Equal("cold_start", debug.GetProperty("weightsOrigin").GetString());
        Assert.Equal("nurture", debug.GetProperty("scenario").GetString()); // the scenario's weights were not used
        var weight = Assert.Single(debug.GetProperty("weights").EnumerateArray().ToList());
        Assert.Equal(("seasonal", 1.0), (weight.GetProperty("source").GetString(), weight.GetProperty("weight").GetDouble()));
        Assert.All(debug.GetProperty("items").EnumerateArray(), item =>
            Assert.InRange(item.GetProperty("sourceScores").EnumerateArray().Single().GetProperty("score").GetDouble() - item.GetProperty("score").GetDouble(), -1e-3, 1e-3));
    }
}
