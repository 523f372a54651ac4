using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CrmReco.Core.Accounts;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Api;

/// <summary>GET /api/customers with the consent and range filters, and the export of the filtered list, on the
/// scored sample estate, on SQLite and on PostgreSQL.</summary>
public sealed class CustomerListFilterTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ListAndExport_ConsentAndRanges_FilterInSqlAndExportTheSameCustomers(string provider)
    {
        await using var host = await ApiHost.StartAsync(provider, seeded: true);
        using var viewer = host.As(Roles.Viewer);

        // Consent: the emailable and the others partition the customers, as CustomerRow.IsEmailable says.
        var rows = await TestServices.Get<ICrmQueries>(host.ConnectionString).ListCustomersAsync();
        var emailable = await ApiHost.GetJsonAsync(viewer, "/api/customers?emailable=true&limit=1");
        var blocked = await ApiHost.GetJsonAsync(viewer, "/api/customers?emailable=false&limit=500");
        Assert.Equal(rows.Count(r => r.IsEmailable), emailable.GetProperty("total").GetInt32());
        Assert.Equal(rows.Count(r => !r.IsEmailable), blocked.GetProperty("total").GetInt32());
        Assert.True(blocked.GetProperty("total").GetInt32() > 0, "the samples plant invalid emails");
        var blockedCodes = rows.Where(r => !r.IsEmailable).Select(r => r.Code).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(blockedCodes, blocked.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()!).Order(StringComparer.Ordinal).ToList());

        // Ranges: every customer inside, none of the others outside.
        var all = (await ApiHost.GetJsonAsync(viewer, "/api/customers?limit=500")).GetProperty("items").EnumerateArray()
            .Select(i => (Code: i.GetProperty("code").GetString()!, PAlive: Nullable(i, "probabilityAlive"), Clv: Nullable(i, "clv12Months"))).ToList();
        var ranged = await ApiHost.GetJsonAsync(viewer, "/api/customers?pAliveMin=0.5&pAliveMax=0.9&clvMin=50&clvMax=400&limit=500");
        var expected = all.Where(c => c.PAlive is >= 0.5 and <= 0.9 && c.Clv is >= 50 and <= 400).Select(c => c.Code).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, ranged.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()!).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(expected.Count, ranged.GetProperty("total").GetInt32());

        foreach (var bad in new[] { "pAliveMin=1.5", "pAliveMin=0.8&pAliveMax=0.2", "clvMin=10&clvMax=1" })
        {
            using var response = await viewer.GetAsync(new Uri("/api/customers?" + bad, UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        // Export: marketing only, the filtered customers, formula-escaped, audited.
        const string filter = "emailable=true&pAliveMin=0.5&sort=-clv";
        using (var refused = await viewer.GetAsync(new Uri("/api/customers/export?" + filter, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var marketing = host.As(Roles.Marketing);
        using var csv = await marketing.GetAsync(new Uri("/api/customers/export?format=csv&" + filter, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("clients.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("code_client;nom;prenom;email;contactable", lines[0], StringComparison.Ordinal);
        var listed = await ApiHost.GetJsonAsync(viewer, "/api/customers?limit=500&" + filter);
        Assert.Equal(listed.GetProperty("total").GetInt32(), lines.Length - 1);
        Assert.Equal(listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()!).ToList(), lines.Skip(1).Select(l => l.Split(';')[0]).ToList());
        Assert.All(lines.Skip(1), l => Assert.Equal("oui", l.Split(';')[4]));
        var clvs = lines.Skip(1).Select(l => l.Split(';')[9]).Where(v => v.Length > 0).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(clvs.OrderDescending().ToList(), clvs);

        using var xlsx = await marketing.GetAsync(new Uri("/api/customers/export?format=xlsx&" + filter, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var bytes = await xlsx.Content.ReadAsByteArrayAsync();
        Assert.Equal("PK"u8.ToArray(), bytes[..2]);
        using (var badFormat = await marketing.GetAsync(new Uri("/api/customers/export?format=pdf", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
        }

        using var admin = host.As(Roles.Admin);
        var audit = (await ApiHost.GetJsonAsync(admin, "/api/admin/audit?limit=500")).GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "customers.export").ToList();
        Assert.Equal(2, audit.Count);
        Assert.Contains(audit, e => e.GetProperty("details").GetString()?.Contains("emailable=true", StringComparison.Ordinal) == true);
    }

    private static double? Nullable(JsonElement item, string name) =>
        item.GetProperty(name).ValueKind == JsonValueKind.Null ? null : item.GetProperty(name).GetDouble();
}
