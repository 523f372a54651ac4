using System.Globalization;
using CrmReco.Core.Import;
using CrmReco.Core.Import.Reading;
using CrmReco.Core.Storage;
using Microsoft.Extensions.Logging;

namespace CrmReco.Core.Jobs;

/// <summary>Settings of the inbox import.</summary>
/// <param name="InboxPath">The folder the ERP export flow drops into (exports/raw/isavigne), with one sub-folder
/// per kind: ventes_lignes/, clients/, produits/, stock/ and contacts/ are imported; other folders are left alone.</param>
/// <param name="SettleTime">A file modified more recently than this may still be being written: it waits for the next run.</param>
/// <param name="AliasesFile">Extra header aliases (JSON), as `crmreco import --aliases`.</param>
public sealed record ImportInboxOptions(string InboxPath, TimeSpan SettleTime, string? AliasesFile = null)
{
    public const string ProcessedFolder = "processed";
    public const string RejectedFolder = "rejected";
}

/// <summary>
/// Imports the new files of the inbox with the import pipeline (one import run, products then customers then
/// sales, each file atomic, known contents skipped by SHA-256), then moves each file to processed/ (loaded or
/// already loaded) or rejected/ (with a .error.txt beside it), keeping its kind folder. Stopped mid-run, the file
/// in progress is rolled back and stays in the inbox; files already loaded are recognized next time.
/// </summary>
public sealed class ImportInboxJob(ImportInboxOptions options, IImportStore store) : ICrmJob
{
    public const string JobName = "import-inbox";

    public string Name => JobName;

    public async Task<JobCounts> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var inbox = Path.GetFullPath(options.InboxPath);
        if (!Directory.Exists(inbox))
        {
            throw new DirectoryNotFoundException($"The inbox {inbox} does not exist (Jobs:InboxPath).");
        }

        var counts = new JobCounts();
        var now = context.Time.GetUtcNow();
        var files = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(inbox).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (name is ImportInboxOptions.ProcessedFolder or ImportInboxOptions.RejectedFolder)
            {
                continue;
            }

            var candidates = ImportPipeline.ExpandPaths([folder]);
            if (!ExportKindNames.TryParse(name, out _))
            {
                if (candidates.Count > 0)
                {
                    counts.Add("files_ignored", candidates.Count);
                    context.Log.InboxFolderIgnored(name, candidates.Count);
                }

                continue;
            }

            foreach (var file in candidates)
            {
                if (options.SettleTime > TimeSpan.Zero && now - File.GetLastWriteTimeUtc(file) < options.SettleTime)
                {
                    counts.Add("files_waiting", 1); // maybe still being written: next run
                }
                else
                {
                    files.Add(file);
                }
            }
        }

        counts["files"] = files.Count;
        if (files.Count == 0)
        {
            return counts;
        }

        var aliases = options.AliasesFile is null ? HeaderAliases.Default : HeaderAliases.Load(options.AliasesFile);
        var pipeline = new ImportPipeline(store, context.Time);
        var progress = new LogProgress(inbox, context.Log);
        var result = await pipeline.RunAsync(files, new ImportOptions(null, "worker:inbox", aliases), progress, cancellationToken);
        counts["import_id"] = result.ImportId;
        foreach (var file in result.Files)
        {
            var rejected = file.Status == ImportStatuses.FileRejected;
            counts.Add(file.Status switch { ImportStatuses.FileLoaded => "files_loaded", ImportStatuses.FileSkipped => "files_skipped", _ => "files_rejected" }, 1);
            var target = Move(inbox, file.Path, rejected ? ImportInboxOptions.RejectedFolder : ImportInboxOptions.ProcessedFolder);
            if (rejected)
            {
                await File.WriteAllTextAsync(target + ".error.txt", file.Error + Environment.NewLine, cancellationToken);
                context.Log.InboxFileRejected(Path.GetRelativePath(inbox, file.Path), file.Error ?? string.Empty);
            }
        }

        var totals = result.Totals;
        counts["rows_read"] = totals.RowsRead;
        counts["rows_loaded"] = totals.RowsLoaded;
        counts["rows_duplicate"] = totals.RowsDuplicate;
        counts["rows_quarantined"] = totals.RowsRejected;
        return counts;
    }

    /// <summary>Moves a file to inbox/{processed|rejected}/&lt;its path under the inbox&gt;, never overwriting:
    /// a second export with the same name gets "-2", "-3"…</summary>
    private static string Move(string inbox, string path, string folder)
    {
        var target = Path.Combine(inbox, folder, Path.GetRelativePath(inbox, path));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var stem = Path.Combine(Path.GetDirectoryName(target)!, Path.GetFileNameWithoutExtension(target));
        var extension = Path.GetExtension(target);
        for (var n = 2; File.Exists(target); n++)
        {
            target = string.Create(CultureInfo.InvariantCulture, $"{stem}-{n}{extension}");
        }

        File.Move(path, target);
        return target;
    }

    /// <summary>One log line per finished file (synchronous: the pipeline reports from its own flow).</summary>
    private sealed class LogProgress(string inbox, ILogger log) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            if (value.Finished is { } f)
            {
                log.InboxFileImported(Path.GetRelativePath(inbox, f.Path), f.Status, f.RowsRead, f.RowsLoaded, f.RowsDuplicate, f.RowsRejected, value.FileIndex + 1, value.FileCount);
            }
        }
    }
}
