using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using CrmReco.Core.Accounts;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Api;

/// <summary>Request bodies are bounded per endpoint on a real Kestrel (TestServer enforces no body limit): the
/// anonymous login takes a few KB, JSON endpoints 1 MB, the upload alone its own large limit.</summary>
public sealed class RequestLimitTests
{
    private const int TwoMegabytes = 2 * 1024 * 1024;

    [Fact]
    public async Task Login_TwoMegabyteBody_Is413WithoutBeingRead()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false, kestrel: true);
        using var client = host.CreateClient();
        var watch = Stopwatch.StartNew();
        using var content = new ByteArrayContent(HugeLogin(TwoMegabytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(new Uri("/api/auth/login", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("16,384 bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Login_TwoMegabyteChunkedBody_IsCutAt413()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false, kestrel: true);
        using var client = host.CreateClient();
        // No Content-Length: Kestrel counts the bytes as they come and stops at the endpoint's limit.
        using var content = new StreamContent(new MemoryStream(HugeLogin(TwoMegabytes)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task JsonEndpoint_BodyOverTheGlobalLimit_Is413()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false, kestrel: true);
        using var client = host.As(Roles.Admin);
        var name = new string('n', TwoMegabytes);
        using var response = await client.PostAsJsonAsync("/api/admin/api-keys", new { name, role = "viewer" });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("1,048,576 bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await TestServices.Get<AccountStore>(host.ConnectionString).ListApiKeysAsync(), k => k.Name.Length > 1000);
    }

    [Fact]
    public async Task Upload_OfSeveralMegabytes_IsStillAccepted()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false, kestrel: true);
        using var client = host.As(Roles.Marketing);
        var products = LargeProductsFile(3 * 1024 * 1024);
        using var form = new MultipartFormDataContent();
        using var file = new ByteArrayContent(products);
        form.Add(file, "files", "produits_2026-10-31.csv");
        using var response = await client.PostAsync(new Uri("/api/imports", UriKind.Relative), form);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body[..Math.Min(body.Length, 500)]}");
        Assert.True(products.Length > TwoMegabytes);
        Assert.Contains("\"status\":\"succeeded\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_OverTheUploadLimit_Is413()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false, new() { ["CrmReco:MaxUploadMegabytes"] = "1" }, kestrel: true);
        using var client = host.As(Roles.Marketing);
        using var form = new MultipartFormDataContent();
        using var file = new ByteArrayContent(LargeProductsFile(TwoMegabytes));
        form.Add(file, "files", "produits_2026-10-31.csv");
        using var response = await client.PostAsync(new Uri("/api/imports", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Upload_ChunkedOverTheUploadLimit_Is413()
    {
        await using var host = await ApiHost.StartAsync("sqlite", seeded: false, new() { ["CrmReco:MaxUploadMegabytes"] = "1" }, kestrel: true);
        using var client = host.As(Roles.Marketing);
        using var form = new MultipartFormDataContent();
        using var file = new StreamContent(new MemoryStream(LargeProductsFile(TwoMegabytes)));
        form.Add(file, "files", "produits_2026-10-31.csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports") { Content = form };
        request.Headers.TransferEncodingChunked = true;
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static byte[] HugeLogin(int size) =>
        Encoding.UTF8.GetBytes($$"""{"email":"admin@estate.test","password":"{{new string('x', size)}}"}""");

    /// <summary>The sample catalogue's rows, repeated under new article codes until the file passes
    /// <paramref name="size"/> bytes (in the sample's Windows-1252, read and written byte for byte as Latin-1).</summary>
    private static byte[] LargeProductsFile(int size)
    {
        var lines = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "produits", "produits_2026-10-31.csv"), Encoding.Latin1)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var text = new StringBuilder(size + 200).Append(lines[0]).Append("\r\n");
        for (var i = 0; text.Length < size; i++)
        {
            var fields = lines[1 + (i % (lines.Length - 1))].Split(';');
            fields[1] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Z{i}-{fields[1]}");
            text.Append(string.Join(';', fields)).Append("\r\n");
        }

        return Encoding.Latin1.GetBytes(text.ToString());
    }
}
