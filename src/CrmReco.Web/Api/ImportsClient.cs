using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Components.Forms;

namespace CrmReco.Web.Api;

/// <summary>/api/imports: history, one run, its quarantined rows, and the upload of exports.</summary>
public sealed class ImportsClient(ApiHttp api)
{
    /// <summary>Largest file the browser sends (the API's own limit is MaxUploadMegabytes).</summary>
    public const long MaxFileBytes = 512L * 1024 * 1024;

    public Task<Page<ImportRunInfo>> ListAsync(int offset, int limit, CancellationToken cancellationToken = default) =>
        api.GetAsync<Page<ImportRunInfo>>(Query.Build("api/imports", ("offset", offset), ("limit", limit)), cancellationToken);

    public Task<ImportRunInfo?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        api.FindAsync<ImportRunInfo>(Query.Build("api/imports/" + id.ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);

    public Task<List<RejectedRowInfo>> RejectsAsync(long id, CancellationToken cancellationToken = default) =>
        api.GetAsync<List<RejectedRowInfo>>("api/imports/" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/rejects", cancellationToken);

    public static string RejectsCsvUrl(long id) => "api/imports/" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/rejects.csv";

    /// <summary>Uploads one export file; a file rejected whole answers 422 with the same body, returned here too.</summary>
    public async Task<UploadResult> UploadAsync(IBrowserFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var content = new MultipartFormDataContent();
        var stream = new StreamContent(file.OpenReadStream(MaxFileBytes, cancellationToken));
        stream.Headers.ContentType = new MediaTypeHeaderValue(string.IsNullOrEmpty(file.ContentType) ? "application/octet-stream" : file.ContentType);
        content.Add(stream, "files", file.Name);
        using var response = await api.WriteRawAsync(HttpMethod.Post, "api/imports", content, cancellationToken, 422);
        return (await response.Content.ReadFromJsonAsync<UploadResult>(cancellationToken))!;
    }
}
