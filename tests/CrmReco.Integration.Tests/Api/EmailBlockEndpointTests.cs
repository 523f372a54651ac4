using System.Globalization;
using System.Net;
using System.Text.Json;
using CrmReco.Core.Accounts;
using CrmReco.Core.Recommendations;

namespace CrmReco.Integration.Tests.Api;

/// <summary>The API says which customers' recommendations an email cannot carry now (rule and until when): the
/// customer detail, the recommendation list (one customer, cached, and paged) and the export.</summary>
public sealed class EmailBlockEndpointTests
{
    private static (string? Rule, string? Until) Blocked(JsonElement element) =>
        element.GetProperty("emailBlocked") is { ValueKind: JsonValueKind.Object } b
            ? (b.GetProperty("rule").GetString(), b.GetProperty("until").ValueKind == JsonValueKind.Null ? null : b.GetProperty("until").GetString())
            : (null, null);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Customer_BlockedOrNot_ExposesEmailBlockedWithRuleAndUntil(string provider)
    {
        await using var host = await ApiHost.StartAsync(provider, seeded: true);
        using var viewer = host.As(Roles.Viewer);
        var runId = (await ApiHost.GetJsonAsync(viewer, "/api/runs/recommendations?limit=1")).GetProperty("items")[0].GetProperty("id").GetInt64();
        var blocks = await TestServices.Get<RecommendationStore>(host.ConnectionString).LoadEmailBlocksAsync(runId);
        var (silenced, window) = blocks.First(b => b.Value.Rule == EmailRules.SilenceWindow);
        var notEmailable = blocks.First(b => b.Value.Rule == EmailRules.NotEmailable).Key;
        var until = window.Until!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var detail = await ApiHost.GetJsonAsync(viewer, $"/api/customers/{silenced}");
        Assert.Equal((EmailRules.SilenceWindow, until), Blocked(detail));
        Assert.NotEqual(0, detail.GetProperty("recommendations").GetArrayLength());
        Assert.All(detail.GetProperty("recommendations").EnumerateArray(), r => Assert.Equal((EmailRules.SilenceWindow, until), Blocked(r)));
        Assert.Equal((EmailRules.NotEmailable, (string?)null), Blocked(await ApiHost.GetJsonAsync(viewer, $"/api/customers/{notEmailable}")));

        var cached = (await ApiHost.GetJsonAsync(viewer, $"/api/recommendations?customer={silenced}")).GetProperty("items");
        var paged = (await ApiHost.GetJsonAsync(viewer, $"/api/recommendations?customer={silenced}&sort=-score")).GetProperty("items");
        Assert.All(cached.EnumerateArray().Concat(paged.EnumerateArray()), r => Assert.Equal((EmailRules.SilenceWindow, until), Blocked(r)));
        var free = (await ApiHost.GetJsonAsync(viewer, "/api/recommendations?limit=500")).GetProperty("items").EnumerateArray()
            .First(r => !blocks.ContainsKey(r.GetProperty("customerCode").GetString()!));
        Assert.Equal(JsonValueKind.Null, free.GetProperty("emailBlocked").ValueKind);

        // The export for a mailing tool leaves the marked customers out unless asked; then the columns say why.
        using var marketing = host.As(Roles.Marketing);
        var mailable = await marketing.GetStringAsync(new Uri("/api/recommendations/export?format=csv", UriKind.Relative));
        var all = await marketing.GetStringAsync(new Uri("/api/recommendations/export?format=csv&emailableOnly=false", UriKind.Relative));
        Assert.EndsWith(";email_bloque;email_bloque_jusqu_au", all.Split("\r\n")[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.DoesNotContain(silenced + ";", mailable, StringComparison.Ordinal);
        var lines = all.Split("\r\n").Where(l => l.StartsWith(silenced + ";", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.EndsWith($";{EmailRules.SilenceWindow};{until}", l, StringComparison.Ordinal));
    }
}
