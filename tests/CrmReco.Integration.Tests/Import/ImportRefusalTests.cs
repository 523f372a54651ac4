using System.Net;
using System.Text.Json;
using CrmReco.Core.Accounts;
using CrmReco.Integration.Tests.Api;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Import;

/// <summary>Refused files say why first, in the words of the caller (CLI or API), and a refused upload does not
/// hide the last real import from the data-health checks.</summary>
public sealed class ImportRefusalTests
{
    public static TheoryData<string, byte[], string> UnroutableFiles => new()
    {
        { "export.csv", [], "export.csv is empty" },
        { "export.csv", [0x00, 0x01, 0x02, 0xFF, 0x00, 0x10, 0x00, 0x00], "export.csv is a binary file" },
        { "export.csv", System.Text.Encoding.UTF8.GetBytes("Foo;Bar\n1;2\n"), "Headers found: 'Foo', 'Bar'; none matches the required columns of an export, expected one of: sales ('code client', 'date livraison', 'qté', 'n° pièce'); customers ('code client'); " },
    };

    [Theory]
    [MemberData(nameof(UnroutableFiles))]
    public async Task Import_UnroutableFile_SaysThePreciseReasonFirstAndNamesTheFileOnce(string name, byte[] content, string expectedStart)
    {
        var path = new ExportFiles().WriteBytes("inbox/" + name, content);

        var result = await CliRunner.RunAsync("import", "--db", TestDatabases.NewSqlite(), "--json", path);

        Assert.Equal(1, result.ExitCode);
        var error = result.Json.GetProperty("files")[0].GetProperty("error").GetString()!;
        Assert.StartsWith(expectedStart, error, StringComparison.Ordinal);
        Assert.True(CountOf(name, error) <= 1, error);
    }

    [Fact]
    public async Task Import_UnknownHeaders_AdviseKindOptionAfterTheReason()
    {
        var path = new ExportFiles().WriteBytes("inbox/export.csv", System.Text.Encoding.UTF8.GetBytes("Foo;Bar\n1;2\n"));

        var result = await CliRunner.RunAsync("import", "--db", TestDatabases.NewSqlite(), "--json", path);

        var error = result.Json.GetProperty("files")[0].GetProperty("error").GetString()!;
        Assert.Contains("products ('code article')", error, StringComparison.Ordinal);
        Assert.EndsWith("or pass --kind.", error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Upload_UnroutableFile_AdvisesTheQueryParameterAndNamesTheFileOnce(string provider)
    {
        await using var host = await ApiHost.StartAsync(provider, seeded: false);
        using var client = host.As(Roles.Marketing);
        using var upload = new MultipartFormDataContent { { new ByteArrayContent("Foo;Bar\n1;2\n"u8.ToArray()), "files", "export_du_jour.csv" } };

        using var response = await client.PostAsync(new Uri("/api/imports", UriKind.Relative), upload);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("files")[0].GetProperty("error").GetString()!;
        Assert.StartsWith("Headers found: 'Foo', 'Bar'", error, StringComparison.Ordinal);
        Assert.Contains("?kind=", error, StringComparison.Ordinal);
        Assert.DoesNotContain("--kind", error, StringComparison.Ordinal);
        Assert.True(CountOf("export_du_jour.csv", error) <= 1, error);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task DataHealth_RejectedUploadAfterAnImport_StillCountsTheQuarantineOfTheRealImport(string provider)
    {
        await using var host = await ApiHost.StartAsync(provider, seeded: false);
        using var client = host.As(Roles.Marketing);
        var files = new ExportFiles();
        var sales = files.WriteCp1252(
            "ventes_lignes.csv",
            ExportFiles.SalesHeader,
            ExportFiles.Sale("C001", "27/12/2024", "Riesling Réserve 2022", "6", "FA-001", "RIE-RES-2022"),
            ExportFiles.Sale("C002", "31/02/2024", "Riesling", "6", "FA-002", "RIE"));
        using var good = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(sales)), "files", "ventes_lignes.csv" } };
        using var imported = await client.PostAsync(new Uri("/api/imports", UriKind.Relative), good);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var before = Quarantined(await ApiHost.GetJsonAsync(client, "/api/data-health?sample=5"));

        using var bad = new MultipartFormDataContent { { new ByteArrayContent([]), "files", "ventes_lignes_vide.csv" } };
        using var rejected = await client.PostAsync(new Uri("/api/imports", UriKind.Relative), bad);
        var after = Quarantined(await ApiHost.GetJsonAsync(client, "/api/data-health?sample=5"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
        Assert.Equal(1, before.GetProperty("count").GetInt32());
        Assert.Equal(2, before.GetProperty("outOf").GetInt32());
        Assert.Equal(before.ToString(), after.ToString());
    }

    private static JsonElement Quarantined(JsonElement report) =>
        report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "quarantined_last_import");

    private static int CountOf(string needle, string text)
    {
        var count = 0;
        for (var i = text.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = text.IndexOf(needle, i + needle.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
