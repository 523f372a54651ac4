using System.Net;
using System.Text.Json;
using CrmReco.Core.Accounts;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Api;

/// <summary>POST /api/imports with hostile or careless file names, and the history's file names (issue 18).</summary>
public sealed class ImportUploadHardeningTests
{
    private static readonly Uri Imports = new("/api/imports", UriKind.Relative);

    private static ByteArrayContent Customers(params string[] rows) => new(ExportFiles.CustomersUtf8(rows));

    private static async Task<ApiHost> HostAsync(string provider, string uploads) =>
        await ApiHost.StartAsync(provider, seeded: false, new Dictionary<string, string> { ["CrmReco:UploadFolder"] = uploads });

    private static string NewUploadFolder() => Path.Combine(Path.GetTempPath(), "crmreco-uploads", Guid.NewGuid().ToString("N"));

    private static bool HasFiles(string folder) => Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any();

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Upload_TwoFilesWithTheSameName_RefusesInsteadOfLosingTheFirst(string provider)
    {
        var uploads = NewUploadFolder();
        await using var host = await HostAsync(provider, uploads);
        using var client = host.As(Roles.Marketing);
        using var form = new MultipartFormDataContent
        {
            { Customers("C1;Muller;Anne;;;;67000;Strasbourg;France"), "files", "clients.csv" },
            { Customers("C2;Klein;Luc;;;;68000;Colmar;France"), "files", "clients.csv" },
        };

        using var response = await client.PostAsync(Imports, form);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Two files are named 'clients.csv'", body, StringComparison.Ordinal);
        Assert.False(HasFiles(uploads), "nothing is written for a refused upload");
        Assert.Equal(0, (await ApiHost.GetJsonAsync(client, "/api/imports")).GetProperty("total").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Upload_FileNameOf300Characters_Is400AndLeavesNoFolder(string provider)
    {
        var uploads = NewUploadFolder();
        await using var host = await HostAsync(provider, uploads);
        using var client = host.As(Roles.Marketing);
        using var form = new MultipartFormDataContent { { Customers("C1;Muller;Anne;;;;67000;Strasbourg;France"), "files", "clients_" + new string('x', 290) + ".csv" } };

        using var response = await client.PostAsync(Imports, form);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("longer than 200 bytes", body, StringComparison.Ordinal);
        Assert.False(HasFiles(uploads), "a refused name leaves no empty folder behind");

        using var hidden = new MultipartFormDataContent { { Customers("C1;Muller;Anne;;;;67000;Strasbourg;France"), "files", ".hidden.csv" } };
        using var refused = await client.PostAsync(Imports, hidden);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False(HasFiles(uploads), "a refused name leaves no empty folder behind");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ImportHistory_AsViewer_ShowsFileNamesNotServerPaths(string provider)
    {
        var uploads = NewUploadFolder();
        await using var host = await HostAsync(provider, uploads);
        using var marketing = host.As(Roles.Marketing);
        using var form = new MultipartFormDataContent { { Customers("C1;Muller;Anne;;;;67000;Strasbourg;France"), "files", "clients.csv" } };
        using var upload = await marketing.PostAsync(Imports, form);
        var uploaded = await upload.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal("clients.csv", JsonDocument.Parse(uploaded).RootElement.GetProperty("files")[0].GetProperty("fileName").GetString());
        Assert.DoesNotContain(uploads, uploaded, StringComparison.Ordinal);

        using var viewer = host.As(Roles.Viewer);
        var history = await ApiHost.GetJsonAsync(viewer, "/api/imports");
        var run = history.GetProperty("items")[0];
        Assert.Equal("clients.csv", run.GetProperty("files")[0].GetProperty("fileName").GetString());
        Assert.DoesNotContain(uploads, history.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetTempPath().TrimEnd('/'), history.ToString(), StringComparison.Ordinal);
        var single = await ApiHost.GetJsonAsync(viewer, $"/api/imports/{run.GetProperty("id").GetInt64()}");
        Assert.DoesNotContain(uploads, single.ToString(), StringComparison.Ordinal);
    }
}
