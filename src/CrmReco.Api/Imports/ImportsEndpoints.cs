using System.Security.Claims;
using CrmReco.Api.Common;
using CrmReco.Core.Accounts;
using CrmReco.Core.Dashboard;
using CrmReco.Core.Import;
using CrmReco.Core.Storage;
using Microsoft.Extensions.Options;

namespace CrmReco.Api.Imports;

/// <summary>/api/imports: upload of exports (the same pipeline as `crmreco import`), history, quarantined rows.</summary>
public static class ImportsEndpoints
{
    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/imports").WithTags("Imports").RequireAuthorization(Roles.Viewer);
        group.MapGet("/", List);
        group.MapGet("/{id:long}", Get);
        group.MapGet("/{id:long}/rejects", Rejects);
        group.MapGet("/{id:long}/rejects.csv", RejectsCsv);
        // Antiforgery is checked by UseCookieAntiforgery for browsers; the form-binding check would also refuse scripts.
        group.MapPost("/", Upload).RequireAuthorization(Roles.Marketing).DisableAntiforgery().AcceptsUploads().Audited("import.upload");
        return app;
    }

    /// <summary>Import runs, newest first, each with its files.</summary>
    public static async Task<Results<Ok<Page<ImportRunInfo>>, ProblemHttpResult>> List([AsParameters] Paging paging, ICrmQueries queries, CancellationToken cancellationToken)
    {
        var page = paging.ToPage();

        var (runs, total) = await queries.ListImportsAsync(page.Offset, page.Limit, cancellationToken);
        return TypedResults.Ok(new Page<ImportRunInfo>(runs.Select(ImportContractMapping.ToContract).ToList(), total, page.Offset, page.Limit));
    }

    public static async Task<Results<Ok<ImportRunInfo>, ProblemHttpResult>> Get(long id, ICrmQueries queries, CancellationToken cancellationToken) =>
        await queries.GetImportAsync(id, cancellationToken) is { } run ? TypedResults.Ok(run.ToContract()) : Problems.NotFound($"No import {id}.");

    /// <summary>The rows the import quarantined: file, line, column, raw value, reason.</summary>
    public static async Task<Ok<List<RejectedRowInfo>>> Rejects(long id, ICrmQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok((await queries.GetRejectsAsync(id, cancellationToken)).Select(ImportContractMapping.ToContract).ToList());

    public static async Task<FileContentHttpResult> RejectsCsv(long id, ICrmQueries queries, CancellationToken cancellationToken)
    {
        var rows = await queries.GetRejectsAsync(id, cancellationToken);
        var csv = SpreadsheetExport.Csv(
            ["fichier", "ligne", "colonne", "valeur", "raison"],
            rows.Select(r => (IReadOnlyList<string?>)[r.FileName, r.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Column, r.RawValue, r.Reason]));
        return TypedResults.File(csv, "text/csv; charset=utf-8", $"import-{id}-rejets.csv");
    }

    /// <summary>Imports the uploaded export files (multipart, field name free). 200 when every file was imported
    /// (rows may be quarantined), 422 with the same body when a file was rejected whole.</summary>
    public static async Task<Results<Ok<UploadResult>, UnprocessableEntity<UploadResult>, ProblemHttpResult>> Upload(
        HttpRequest request, string? kind, ClaimsPrincipal user, IOptions<ApiOptions> options, IImportStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Problems.BadRequest("Send the export files as multipart/form-data.");
        }

        ExportKind? forced = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            if (!Enum.TryParse<ExportKind>(kind, ignoreCase: true, out var parsed))
            {
                return Problems.BadRequest($"kind must be one of {string.Join(", ", Enum.GetNames<ExportKind>().Select(n => n.ToLowerInvariant()))}.");
            }

            forced = parsed;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // A chunked upload past MaxUploadMegabytes, cut by Kestrel (one that announces its size gets 413 earlier).
            return TypedResults.Problem(ex.Message, statusCode: ex.StatusCode, title: "Request body too large");
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return Problems.BadRequest($"The upload is not a readable multipart form: {ex.Message}");
        }

        if (form.Files.Count == 0)
        {
            return Problems.BadRequest("No file in the upload.");
        }

        // Every name is checked before anything is written: a refused upload leaves no folder behind.
        var names = new HashSet<string>(StringComparer.Ordinal);
        var uploads = new List<(IFormFile File, string Name)>();
        foreach (var file in form.Files)
        {
            var name = Path.GetFileName(file.FileName.Replace('\\', '/'));
            if (UploadNameProblem(file.FileName, name) is { } problem)
            {
                return Problems.BadRequest(problem);
            }

            if (!names.Add(name))
            {
                return Problems.BadRequest($"Two files are named '{name}' in this upload: rename one, or send them separately (the second would replace the first).");
            }

            uploads.Add((file, name));
        }

        // Kept on disk under their own names: the pipeline routes by name and the history shows where they came from.
        var folder = Path.Combine(options.Value.UploadFolder, time.GetUtcNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        try
        {
            foreach (var (file, name) in uploads)
            {
                var path = Path.Combine(folder, name);
                await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                {
                    await file.CopyToAsync(target, cancellationToken);
                }

                paths.Add(path);
            }
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }

        var pipeline = new ImportPipeline(store, time);
        var result = await pipeline.RunAsync(paths, new ImportOptions(forced, "api:" + Audit.Actor(user), KindOption: "?kind="), cancellationToken: cancellationToken);
        return result.AllFilesImported ? TypedResults.Ok(result.ToContract()) : TypedResults.UnprocessableEntity(result.ToContract());
    }

    /// <summary>The longest uploaded file name accepted, in UTF-8 bytes (file systems allow 255).</summary>
    public const int MaxFileNameBytes = 200;

    /// <summary>Why an uploaded file's name cannot be used as given, or null.</summary>
    private static string? UploadNameProblem(string given, string name)
    {
        var shown = given.Length <= 80 ? given : string.Concat(given.AsSpan(0, 80), "…");
        if (string.IsNullOrWhiteSpace(name) || name.StartsWith('.'))
        {
            return $"'{shown}' is not a usable file name.";
        }

        if (System.Text.Encoding.UTF8.GetByteCount(name) > MaxFileNameBytes)
        {
            return $"The file name '{shown}' is longer than {MaxFileNameBytes} bytes: shorten it and upload again.";
        }

        return name.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Any(char.IsControl)
            ? $"'{shown}' contains characters a file name cannot hold."
            : null;
    }
}
