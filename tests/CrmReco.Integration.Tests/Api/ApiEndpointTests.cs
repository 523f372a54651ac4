using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrmReco.Core.Accounts;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Api;

/// <summary>Every endpoint's happy path on the scored sample estate, on SQLite and on PostgreSQL.</summary>
public sealed class ApiEndpointTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ReadEndpoints_ScoredEstate_AnswerWithData(string provider)
    {
        await using var host = await ApiHost.StartAsync(provider, seeded: true);
        using var client = host.As(Roles.Viewer);

        var customers = await ApiHost.GetJsonAsync(client, "/api/customers?limit=5&sort=-clv");
        var allCustomers = (await TestServices.Get<ICrmQueries>(host.ConnectionString).GetStatusAsync()).Customers;
        Assert.True(allCustomers > 300, "the samples hold about 300 customers");
        Assert.Equal(allCustomers, customers.GetProperty("total").GetInt32());
        var items = customers.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(5, items.Count);
        var clvs = items.Select(i => i.GetProperty("clv12Months").GetDouble()).ToList();
        Assert.Equal(clvs.OrderDescending(), clvs);
        var code = items[0].GetProperty("code").GetString()!;

        var searched = await ApiHost.GetJsonAsync(client, "/api/customers?search=strasbourg&limit=500");
        Assert.True(searched.GetProperty("total").GetInt32() > 0);
        Assert.All(searched.GetProperty("items").EnumerateArray(), i => Assert.Contains("strasbourg", (i.GetProperty("city").GetString() ?? string.Empty) + (i.GetProperty("lastName").GetString() ?? string.Empty) + (i.GetProperty("email").GetString() ?? string.Empty), StringComparison.OrdinalIgnoreCase));
        var champions = await ApiHost.GetJsonAsync(client, "/api/customers?segment=champions&limit=500");
        Assert.All(champions.GetProperty("items").EnumerateArray(), i => Assert.Equal("champions", i.GetProperty("segment").GetString()));
        var scenario = items[0].GetProperty("scenario").GetString()!;
        var byScenario = await ApiHost.GetJsonAsync(client, $"/api/customers?scenario={scenario}&limit=500");
        Assert.All(byScenario.GetProperty("items").EnumerateArray(), i => Assert.Equal(scenario, i.GetProperty("scenario").GetString()));

        var detail = await ApiHost.GetJsonAsync(client, $"/api/customers/{code}");
        Assert.Equal(code, detail.GetProperty("code").GetString());
        Assert.True(detail.GetProperty("purchaseCount").GetInt32() > 0);
        Assert.NotEmpty(detail.GetProperty("purchases").EnumerateArray());
        Assert.InRange(detail.GetProperty("scores").GetProperty("probabilityAlive").GetDouble(), 0, 1);
        Assert.NotEmpty(detail.GetProperty("taste").GetProperty("varieties").EnumerateArray());
        Assert.Equal(1.0, detail.GetProperty("taste").GetProperty("varieties").EnumerateArray().Sum(v => v.GetProperty("bottleShare").GetDouble()), 6);
        var recommended = detail.GetProperty("recommendations").EnumerateArray().ToList();
        Assert.NotEmpty(recommended);
        Assert.All(recommended, r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("textFr").GetString())));
        Assert.Equal(2, detail.GetProperty("segmentHistory").GetArrayLength());

        var products = await ApiHost.GetJsonAsync(client, "/api/products?sort=-buyers&limit=3");
        var article = products.GetProperty("items")[0].GetProperty("article").GetString()!;
        var product = await ApiHost.GetJsonAsync(client, $"/api/products/{article}");
        var neighbours = product.GetProperty("neighbours").EnumerateArray().ToList();
        Assert.NotEmpty(neighbours);
        Assert.All(neighbours, n => Assert.InRange(n.GetProperty("confidence").GetDouble(), 0, 1));
        await AssertCoPurchaseAsync(host, article, neighbours[0]);

        var sales = await ApiHost.GetJsonAsync(client, $"/api/sales?customer={code}&from=2020-01-01&limit=500");
        Assert.Equal(detail.GetProperty("purchaseCount").GetInt32(), sales.GetProperty("total").GetInt32());

        var runs = await ApiHost.GetJsonAsync(client, "/api/runs/analytics");
        Assert.Equal(2, runs.GetProperty("total").GetInt32());
        var scored = runs.GetProperty("items")[0].GetProperty("customers").GetInt32();
        Assert.InRange(scored, 250, allCustomers); // customers with at least one sale
        var segments = await ApiHost.GetJsonAsync(client, "/api/segments");
        Assert.Equal(scored, segments.GetProperty("segments").EnumerateArray().Sum(s => s.GetProperty("customers").GetInt32()));
        var movement = await ApiHost.GetJsonAsync(client, "/api/segments/movement");
        Assert.InRange(movement.GetProperty("moved").GetInt32() + movement.GetProperty("stayed").GetInt32(), 1, scored);
        Assert.True(movement.GetProperty("moved").GetInt32() > 0, "four months apart, some customers change segment");

        Assert.Equal(1, (await ApiHost.GetJsonAsync(client, "/api/runs/recommendations")).GetProperty("total").GetInt32());
        var recommendations = await ApiHost.GetJsonAsync(client, $"/api/recommendations?customer={code}");
        Assert.Equal(recommended.Count, recommendations.GetProperty("total").GetInt32());

        var imports = await ApiHost.GetJsonAsync(client, "/api/imports");
        var importId = imports.GetProperty("items")[0].GetProperty("id").GetInt64();
        Assert.True(imports.GetProperty("total").GetInt32() >= 1);
        Assert.Equal(importId, (await ApiHost.GetJsonAsync(client, $"/api/imports/{importId}")).GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/imports/999999", UriKind.Relative))).StatusCode);
        var secondPage = await ApiHost.GetJsonAsync(client, "/api/imports?offset=1&limit=1");
        Assert.Equal(imports.GetProperty("total").GetInt32(), secondPage.GetProperty("total").GetInt32());
        Assert.Equal(Math.Min(1, imports.GetProperty("total").GetInt32() - 1), secondPage.GetProperty("items").GetArrayLength());
        var rejects = await ApiHost.GetJsonAsync(client, $"/api/imports/{importId}/rejects");
        Assert.True(rejects.GetArrayLength() > 0, "the samples plant bad rows");
        var bytes = await client.GetByteArrayAsync(new Uri($"/api/imports/{importId}/rejects.csv", UriKind.Relative));
        Assert.Equal(System.Text.Encoding.UTF8.GetPreamble(), bytes[..3]); // so French Excel reads it as UTF-8
        var csv = System.Text.Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("fichier;ligne;colonne;valeur;raison", csv, StringComparison.Ordinal);
        Assert.Equal(rejects.GetArrayLength() + 1, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        var me = await ApiHost.GetJsonAsync(client, "/api/auth/me");
        Assert.Equal("api-key:tests-viewer", me.GetProperty("name").GetString());
        Assert.Equal("viewer", me.GetProperty("role").GetString());
        Assert.False(string.IsNullOrEmpty((await ApiHost.GetJsonAsync(client, "/api/auth/antiforgery")).GetProperty("antiforgeryToken").GetString()));

        var health = await ApiHost.GetJsonAsync(client, "/api/data-health");
        Assert.InRange(health.GetProperty("score").GetInt32(), 0, 100);
        var checks = health.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("code").GetString()!, c => c);
        Assert.Equal(["customers_without_valid_email", "duplicate_customers", "last_import_age", "products_without_variety", "quarantined_last_import", "sales_without_product", "stub_customers", "stub_products"],
            checks.Keys.Order(StringComparer.Ordinal));
        Assert.True(checks["customers_without_valid_email"].GetProperty("count").GetInt32() > 0, "the samples plant invalid emails");
        Assert.True(checks["stub_products"].GetProperty("count").GetInt32() > 0, "the samples plant an unknown article");
    }

    private static async Task AssertCoPurchaseAsync(ApiHost host, string article, JsonElement neighbour)
    {
        // Independent count: customers with both articles, from the sales list.
        using var client = host.As(Roles.Viewer);
        async Task<HashSet<string>> BuyersAsync(string a) => (await ApiHost.GetJsonAsync(client, $"/api/sales?article={a}&limit=500")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("customerCode").GetString()!).ToHashSet(StringComparer.Ordinal);
        var x = await BuyersAsync(article);
        var y = await BuyersAsync(neighbour.GetProperty("article").GetString()!);
        Assert.Equal(x.Intersect(y).Count(), neighbour.GetProperty("together").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Paging_OutOfBounds_IsAProblemOrAnEmptyPage(string provider)
    {
        await using var host = await ApiHost.StartAsync(provider, seeded: true);
        using var client = host.As(Roles.Viewer);
        // The last two are refused by the request binding (a value of the wrong type), not by our checks.
        foreach (var bad in new[] { "limit=0", "limit=501", "offset=-1", "sort=password", "emailable=maybe", "limit=ten" })
        {
            using var response = await client.GetAsync(new Uri("/api/customers?" + bad, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{bad}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var beyond = await ApiHost.GetJsonAsync(client, "/api/customers?offset=100000");
        Assert.Equal(0, beyond.GetProperty("items").GetArrayLength());
        var total = (await TestServices.Get<ICrmQueries>(host.ConnectionString).GetStatusAsync()).Customers;
        Assert.Equal(total, beyond.GetProperty("total").GetInt32());
        var last = await ApiHost.GetJsonAsync(client, $"/api/customers?offset={total - 4}&limit=10");
        Assert.Equal(4, last.GetProperty("items").GetArrayLength());
        using var missing = await client.GetAsync(new Uri("/api/customers/NOPE", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Upload_GoodAndBadFiles_ImportsTheGoodAndExplainsTheBad(string provider)
    {
        await using var host = await ApiHost.StartAsync(provider, seeded: false);
        using var client = host.As(Roles.Marketing);
        var files = new ExportFiles();
        var products = files.WriteCp1252("produits.csv", ExportFiles.ProductsHeader, "Riesling Grand Cru Schlossberg 2019;RIE-GC-19;2019;Blanc;24,50");
        var customers = files.WriteCp1252("clients.csv", ExportFiles.CustomersHeader, "C1;Muller;Anne;anne@example.fr;0612345678;1 rue;67000;Strasbourg;France", "C2;Klein;Luc;pas-un-email;;;6700;Colmar;France");
        var sales = files.WriteCp1252("ventes_lignes.csv", ExportFiles.SalesHeader, "C1;03/02/2025;Riesling GC 2019;6;20,42;122,50;147,00;FACTURE;F1;RIE-GC-19;anne@example.fr;67000;Strasbourg");

        using var good = new MultipartFormDataContent();
        foreach (var path in new[] { products, customers, sales })
        {
            good.Add(new ByteArrayContent(await File.ReadAllBytesAsync(path)), "files", Path.GetFileName(path));
        }

        using var ok = await client.PostAsync(new Uri("/api/imports", UriKind.Relative), good);
        var result = JsonDocument.Parse(await ok.Content.ReadAsStringAsync()).RootElement;
        Assert.True(ok.StatusCode == HttpStatusCode.OK, result.ToString());
        Assert.Equal(3, result.GetProperty("files").GetArrayLength());
        Assert.All(result.GetProperty("files").EnumerateArray(), f => Assert.Equal("loaded", f.GetProperty("status").GetString()));
        Assert.Equal(1, (await ApiHost.GetJsonAsync(client, "/api/sales")).GetProperty("total").GetInt32());

        using var bad = new MultipartFormDataContent { { new ByteArrayContent([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0xFF]), "files", "ventes_lignes_corrompu.xlsx" } };
        using var rejected = await client.PostAsync(new Uri("/api/imports", UriKind.Relative), bad);
        var body = JsonDocument.Parse(await rejected.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
        var file = body.GetProperty("files")[0];
        Assert.Equal("rejected", file.GetProperty("status").GetString());
        Assert.False(string.IsNullOrWhiteSpace(file.GetProperty("error").GetString()));
        Assert.Equal(1, (await ApiHost.GetJsonAsync(client, "/api/sales")).GetProperty("total").GetInt32());

        using var empty = await client.PostAsync(new Uri("/api/imports", UriKind.Relative), new MultipartFormDataContent());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        using var audit = host.As(Roles.Admin);
        var log = await ApiHost.GetJsonAsync(audit, "/api/admin/audit");
        Assert.Contains(log.GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == "import.upload" && e.GetProperty("actor").GetString() == "api-key:tests-marketing");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Gdpr_ExportConsentErase_KeepsStatisticsAndAudits(string provider)
    {
        await using var host = await ApiHost.StartAsync(provider, seeded: true);
        using var admin = host.As(Roles.Admin);
        // A customer with recommendations in the stored run, so the export's consent filter shows.
        var code = (await ApiHost.GetJsonAsync(admin, "/api/recommendations?sort=-score&limit=1")).GetProperty("items")[0].GetProperty("customerCode").GetString()!;
        var revenueBefore = (await ApiHost.GetJsonAsync(admin, "/api/segments")).GetProperty("segments").EnumerateArray().Sum(s => s.GetProperty("revenue").GetDouble());
        var salesBefore = (await ApiHost.GetJsonAsync(admin, $"/api/sales?customer={code}")).GetProperty("total").GetInt32();

        var export = await ApiHost.GetJsonAsync(admin, $"/api/customers/{code}/export");
        Assert.Equal(code, export.GetProperty("customer").GetProperty("code").GetString());
        Assert.Equal(salesBefore, export.GetProperty("allPurchases").GetArrayLength());
        Assert.Equal(0, export.GetProperty("customer").GetProperty("purchases").GetArrayLength()); // each purchase once
        Assert.Equal(salesBefore, export.GetProperty("customer").GetProperty("purchaseCount").GetInt32());
        Assert.NotNull(export.GetProperty("customer").GetProperty("email").GetString());

        using var marketing = host.As(Roles.Marketing);
        using var optOut = await marketing.PutAsJsonAsync($"/api/customers/{code}/consent", new { consent = false, source = "phone" });
        Assert.Equal(HttpStatusCode.OK, optOut.StatusCode);
        var afterOptOut = JsonDocument.Parse(await optOut.Content.ReadAsStringAsync()).RootElement;
        Assert.False(afterOptOut.GetProperty("emailConsent").GetBoolean());
        Assert.False(afterOptOut.GetProperty("emailable").GetBoolean());
        Assert.Equal("phone", afterOptOut.GetProperty("consentHistory")[0].GetProperty("source").GetString());
        var exported = await marketing.GetStringAsync(new Uri("/api/recommendations/export?format=csv", UriKind.Relative));
        Assert.DoesNotContain(code + ";", exported, StringComparison.Ordinal);
        Assert.Contains(code + ";", await marketing.GetStringAsync(new Uri("/api/recommendations/export?format=csv&emailableOnly=false", UriKind.Relative)), StringComparison.Ordinal);
        using var xlsx = await marketing.GetAsync(new Uri("/api/recommendations/export?format=xlsx", UriKind.Relative));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        using (var sheet = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false))
        {
            var rows = sheet.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().ToList();
            Assert.Equal("code_client", rows[0].Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().First().InnerText);
            Assert.Equal(exported.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length, rows.Count);
        }

        using var badFormat = await marketing.GetAsync(new Uri("/api/recommendations/export?format=pdf", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);

        using var erase = await admin.DeleteAsync(new Uri($"/api/customers/{code}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, erase.StatusCode);
        var erased = await ApiHost.GetJsonAsync(admin, $"/api/customers/{code}");
        foreach (var field in new[] { "lastName", "firstName", "email", "phone", "address", "postalCode", "city" })
        {
            Assert.Equal(JsonValueKind.Null, erased.GetProperty(field).ValueKind);
        }

        Assert.NotEqual(JsonValueKind.Null, erased.GetProperty("erasedAt").ValueKind);
        Assert.Equal(salesBefore, (await ApiHost.GetJsonAsync(admin, $"/api/sales?customer={code}")).GetProperty("total").GetInt32());
        Assert.Equal(revenueBefore, (await ApiHost.GetJsonAsync(admin, "/api/segments")).GetProperty("segments").EnumerateArray().Sum(s => s.GetProperty("revenue").GetDouble()), 6);
        Assert.All(erased.GetProperty("purchases").EnumerateArray(), p => Assert.True(p.TryGetProperty("date", out _)));

        // Re-importing the customer export does not bring the personal fields back.
        var samples = Path.Combine(AppContext.BaseDirectory, "samples", "clients");
        var reimport = await CliRunner.RunAsync("import", "--kind", "customers", "--db", host.ConnectionString, Path.Combine(samples, "clients_2026-10-31.csv"));
        Assert.Equal(0, reimport.ExitCode);
        var stillErased = await ApiHost.GetJsonAsync(admin, $"/api/customers/{code}");
        Assert.Equal(JsonValueKind.Null, stillErased.GetProperty("email").ValueKind);

        var audit = (await ApiHost.GetJsonAsync(admin, "/api/admin/audit?limit=500")).GetProperty("items").EnumerateArray().Select(e => (Action: e.GetProperty("action").GetString(), Target: e.GetProperty("target").GetString())).ToList();
        Assert.Contains(("customer.export", $"code={code}"), audit);
        Assert.Contains(("customer.consent", $"code={code}"), audit);
        Assert.Contains(("customer.erase", $"code={code}"), audit);
        Assert.Contains(audit, a => a.Action == "recommendations.export");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AdminEndpoints_UsersAndKeys_RoundTrip(string provider)
    {
        await using var host = await ApiHost.StartAsync(provider, seeded: false);
        using var admin = host.As(Roles.Admin);
        using var created = await admin.PostAsJsonAsync("/api/admin/users", new { email = "Claire@Estate.test", password = "une-phrase-longue", role = "marketing" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        using var weak = await admin.PostAsJsonAsync("/api/admin/users", new { email = "x@estate.test", password = "short", role = "viewer" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        var users = await ApiHost.GetJsonAsync(admin, "/api/admin/users");
        Assert.Contains(users.EnumerateArray(), u => u.GetProperty("email").GetString() == "claire@estate.test" && u.GetProperty("role").GetString() == "marketing");

        using var key = await admin.PostAsJsonAsync("/api/admin/api-keys", new { name = "export script", role = "viewer" });
        Assert.Equal(HttpStatusCode.Created, key.StatusCode);
        var newKey = JsonDocument.Parse(await key.Content.ReadAsStringAsync()).RootElement;
        var secret = newKey.GetProperty("secret").GetString()!;
        var id = newKey.GetProperty("key").GetProperty("id").GetInt64();
        using var script = host.CreateClient();
        script.DefaultRequestHeaders.Add("X-Api-Key", secret);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync(new Uri("/api/customers", UriKind.Relative))).StatusCode);
        var keys = await ApiHost.GetJsonAsync(admin, "/api/admin/api-keys");
        Assert.DoesNotContain(secret, keys.ToString(), StringComparison.Ordinal);

        using var revoke = await admin.DeleteAsync(new Uri($"/api/admin/api-keys/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync(new Uri("/api/customers", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task OpenApi_Document_ListsTheResources()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        using var client = host.As(Roles.Viewer);
        var document = await ApiHost.GetJsonAsync(client, "/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var expected in new[] { "/api/customers", "/api/customers/{code}", "/api/products/{article}", "/api/imports", "/api/data-health", "/api/recommendations/export", "/health/ready" })
        {
            Assert.Contains(paths, p => p.TrimEnd('/') == expected);
        }

        using var docs = await client.GetAsync(new Uri("/docs/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("openapi/v1.json", await docs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_MigratedDatabase_IsReady()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false);
        using var client = host.CreateClient();
        Assert.Equal("ok", (await ApiHost.GetJsonAsync(client, "/health")).GetProperty("status").GetString());
        var ready = await ApiHost.GetJsonAsync(client, "/health/ready");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal(ready.GetProperty("latestSchemaVersion").GetInt32(), ready.GetProperty("schemaVersion").GetInt32());
    }
}
