using System.Data.Common;
using System.Diagnostics;
using System.Security.Cryptography;
using CrmReco.Core.Import.Mapping;
using CrmReco.Core.Import.Reading;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Import;

/// <summary>What one run of the pipeline is asked to do.</summary>
/// <param name="Kind">Forces the export kind of every file (<c>--kind</c>); null detects it per file.</param>
/// <param name="StartedBy">Who or what started the run, kept in the history ("cli", "worker:inbox", a user).</param>
/// <param name="KindOption">How the caller forces the kind, named in the message of a file that cannot be routed
/// (<c>--kind</c> on the command line, <c>?kind=</c> through the API).</param>
public sealed record ImportOptions(ExportKind? Kind = null, string StartedBy = "cli", HeaderAliases? Aliases = null, string KindOption = "--kind");

/// <summary>The outcome of one file.</summary>
public sealed record FileImportResult(
    string Path,
    string? Kind,
    string? Sha256,
    string Status,
    int RowsRead,
    int RowsLoaded,
    int RowsDuplicate,
    int RowsRejected,
    string? Error);

/// <summary>Row counts summed over the files of a run.</summary>
public sealed record ImportTotals(int RowsRead, int RowsLoaded, int RowsDuplicate, int RowsRejected);

/// <summary>The outcome of a run: every file, in the order they were processed.</summary>
public sealed record ImportResult(long ImportId, string Status, IReadOnlyList<FileImportResult> Files)
{
    public ImportTotals Totals => new(
        Files.Sum(f => f.RowsRead),
        Files.Sum(f => f.RowsLoaded),
        Files.Sum(f => f.RowsDuplicate),
        Files.Sum(f => f.RowsRejected));

    /// <summary>True when no file was rejected (rows may have been quarantined).</summary>
    public bool AllFilesImported => Files.All(f => f.Status != ImportStatuses.FileRejected);
}

/// <summary>Progress of a run, for a progress bar: the current file and the rows read in it so far.</summary>
public readonly record struct ImportProgress(int FileIndex, int FileCount, string Path, int RowsRead, FileImportResult? Finished);

/// <summary>
/// The import pipeline: read → normalize and validate → resolve references → de-duplicate → load, one file
/// at a time, products first, then customers, stock, contacts, then sales, each file atomically (see docs/architecture.md).
/// </summary>
public sealed class ImportPipeline
{
    private const int ProgressEveryRows = 5_000;
    private readonly IImportStore _store;
    private readonly TimeProvider _time;

    public ImportPipeline(IImportStore store, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Expands files and folders (recursively) into the list of files to import, sorted by path.
    /// Hidden files and editor leftovers (~$…, .*) are ignored.</summary>
    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(Path.GetFullPath(path));
            }
            else if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => IsImportCandidate(Path.GetFileName(f)))
                    .Select(Path.GetFullPath)
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                throw new FileNotFoundException($"No such file or folder: {path}", path);
            }
        }

        return files.Distinct(StringComparer.Ordinal).ToList();
    }

    private static bool IsImportCandidate(string name) =>
        !name.StartsWith('.') && !name.StartsWith("~$", StringComparison.Ordinal)
        && !name.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
        && !name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    public async Task<ImportResult> RunAsync(
        IReadOnlyList<string> files,
        ImportOptions? options = null,
        IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        options ??= new ImportOptions();
        var aliases = options.Aliases ?? HeaderAliases.Default;
        await _store.MigrateAsync(cancellationToken);
        var importId = await _store.StartImportAsync(options.StartedBy, cancellationToken);
        var results = new List<FileImportResult>();
        try
        {
            var planned = new List<(string Path, ExportKind Kind)>();
            foreach (var path in files)
            {
                string? reason = null;
                var unreadable = false;
                var kind = options.Kind ?? ExportKindDetector.FromPath(path) ?? DetectFromHeaders(path, aliases, out reason, out unreadable);
                if (kind is { } known)
                {
                    planned.Add((path, known));
                }
                else if (unreadable)
                {
                    // Not a table at all (empty, binary, PDF…): routing advice would not help.
                    results.Add(await RecordRejectedAsync(importId, path, null, reason!, cancellationToken));
                }
                else
                {
                    // The precise reason first; the file is named by the result, not repeated in the message.
                    var error = $"{reason} Cannot tell whether this is a sales, customers, products, stock or contacts export " +
                        $"from its folder, name or headers: put it in a ventes/, clients/, produits/, stock/ or contacts/ folder, or pass {options.KindOption}.";
                    results.Add(await RecordRejectedAsync(importId, path, null, error.TrimStart(), cancellationToken));
                }
            }

            var ordered = planned.OrderBy(p => p.Kind).ThenBy(p => p.Path, StringComparer.Ordinal).ToList();
            await ImportInOrderAsync(importId, ordered, aliases, results, progress, cancellationToken);

            var status = results.All(r => r.Status != ImportStatuses.FileRejected) ? ImportStatuses.Succeeded
                : results.Any(r => r.Status == ImportStatuses.FileLoaded) ? ImportStatuses.Partial
                : ImportStatuses.Failed;
            await _store.FinishImportAsync(importId, status, cancellationToken);
            return new ImportResult(importId, status, results);
        }
        catch
        {
            // The file being loaded was rolled back; the run itself is closed as failed so history tells the truth.
            await _store.FinishImportAsync(importId, ImportStatuses.Failed, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Imports the files one after the other. Where the store allows it (PostgreSQL), the next file is read,
    /// normalized and staged while the previous one merges on the server, so the client's core and the server's
    /// work at once; each file still waits for the previous one before it writes anything, so files commit in order
    /// and a failure stops the run after the files before it.
    /// </summary>
    private async Task ImportInOrderAsync(
        long importId,
        List<(string Path, ExportKind Kind)> ordered,
        HeaderAliases aliases,
        List<FileImportResult> results,
        IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var known = new KnownCustomers();
        // At most two: the file committing and, where the store allows it, the next one staging.
        var inFlight = new Queue<(Task<FileImportResult> Task, int Index)>(2);
        var staging = _store.StagesWhileCommitting ? 1 : 0;
        try
        {
            for (var i = 0; i < ordered.Count; i++)
            {
                var (path, kind) = ordered[i];
                var turn = new FileTurn(inFlight.Count > 0 ? inFlight.Last().Task : Task.CompletedTask);
                var current = ImportFileAsync(importId, path, kind, aliases, i, ordered.Count, progress, turn, known, stop.Token);
                inFlight.Enqueue((current, i));
                await Task.WhenAny(turn.Staged, current);

                // Every file but the one now staging is finished, in order.
                while (inFlight.Count > staging)
                {
                    await FinishAsync(inFlight.Dequeue());
                }
            }

            while (inFlight.Count > 0)
            {
                await FinishAsync(inFlight.Dequeue());
            }
        }
        catch
        {
            // A file still staging rolls back: it is told to stop, and waits for the one that failed anyway.
            await stop.CancelAsync();
            foreach (var (task, _) in inFlight)
            {
                try
                {
                    await task;
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    // the run already fails with the first error
                }
            }

            throw;
        }

        async Task FinishAsync((Task<FileImportResult> Task, int Index) file)
        {
            var result = await file.Task;
            results.Add(result);
            progress?.Report(new ImportProgress(file.Index, ordered.Count, ordered[file.Index].Path, result.RowsRead, result));
        }
    }

    /// <summary>A file's place in the order: it may stage at once, but writes only once the previous file is done.</summary>
    private sealed class FileTurn(Task previous)
    {
        private readonly TaskCompletionSource _staged = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the file has staged its rows (or ended early).</summary>
        public Task Staged => _staged.Task;

        /// <summary>Signals that the file is staged, then waits for the previous file (its failure fails this one too).</summary>
        public async Task WaitForPreviousAsync()
        {
            _staged.TrySetResult();
            await previous;
        }
    }

    /// <summary>The kind the headers name; else null and why (the reader's refusal, or the headers found against
    /// those expected).</summary>
    private static ExportKind? DetectFromHeaders(string path, HeaderAliases aliases, out string? reason, out bool unreadable)
    {
        unreadable = false;
        try
        {
            using var reader = TabularFile.Open(path);
            var kind = ExportKindDetector.FromHeaders(reader.Headers, aliases);
            reason = kind is null ? ExportKindDetector.ExplainHeaders(reader.Headers, aliases) : null;
            return kind;
        }
        catch (FileRejectedException ex)
        {
            reason = ex.Message;
            unreadable = true;
            return null;
        }
    }

    private async Task<FileImportResult> ImportFileAsync(
        long importId,
        string path,
        ExportKind kind,
        HeaderAliases aliases,
        int index,
        int count,
        IProgress<ImportProgress>? progress,
        FileTurn turn,
        KnownCustomers known,
        CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var (sha256, size) = await HashAsync(path, cancellationToken);
        if (await _store.IsFileLoadedAsync(sha256, cancellationToken))
        {
            await turn.WaitForPreviousAsync();
            return await SkipAsync(importId, new FileDescriptor(path, kind, sha256, size, string.Empty), started, cancellationToken);
        }

        var fileName = Path.GetFileName(path);
        ITabularReader reader;
        ColumnMap columns;
        try
        {
            reader = TabularFile.Open(path);
            columns = aliases.Resolve(kind, reader.Headers, fileName);
        }
        catch (FileRejectedException ex)
        {
            await turn.WaitForPreviousAsync();
            return await RecordRejectedAsync(importId, path, kind, ex.Message, cancellationToken, sha256, size);
        }

        using (reader)
        {
            var file = new FileDescriptor(path, kind, sha256, size, reader.Format);
            // Rows are read, normalized and keyed on a thread of their own (ReadAhead) while this one loads them;
            // what that thread collects (rejects, stubs, the row count) is read once its enumeration is over.
            var rows = new RowStream(reader, index, count, path, progress);
            var rejects = new List<RejectedRow>();
            var customerCodes = new List<string>();
            try
            {
                await using var load = await _store.BeginFileAsync(importId, file, cancellationToken);
                switch (kind)
                {
                    case ExportKind.Products:
                        await load.StageProductsAsync(ReadAhead.Of(Valid(rows, columns, ProductMapper.Map, fileName, rejects)), cancellationToken);
                        break;
                    case ExportKind.Customers:
                        var customers = Valid(rows, columns, CustomerMapper.Map, fileName, rejects).Select(customer =>
                        {
                            customerCodes.Add(customer.Code);
                            return customer;
                        });
                        await load.StageCustomersAsync(ReadAhead.Of(customers), cancellationToken);
                        break;
                    case ExportKind.Stock:
                        var fileDate = StockMapper.DateFromFileName(path) ?? DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
                        await load.StageStockAsync(ReadAhead.Of(Valid(rows, columns, (row, map) => StockMapper.Map(row, map, fileDate), fileName, rejects)), cancellationToken);
                        break;
                    case ExportKind.Contacts:
                        // A contact of a customer missing from the customers export makes a stub, as a sale does.
                        var contacted = new HashSet<string>(StringComparer.Ordinal);
                        var contacts = Valid(rows, columns, ContactMapper.Map, fileName, rejects).Select(contact =>
                        {
                            contacted.Add(contact.CustomerCode);
                            return contact;
                        });
                        await load.StageContactsAsync(ReadAhead.Of(contacts), cancellationToken);
                        await load.AddCustomerStubsAsync(contacted.Select(ContactMapper.StubCustomerFrom), cancellationToken);
                        break;
                    case ExportKind.Sales:
                        await StageSalesAsync(load, Valid(rows, columns, SalesLineMapper.Map, fileName, rejects), known, cancellationToken);
                        break;
                }

                await load.AddRejectsAsync(rejects, cancellationToken);
                await turn.WaitForPreviousAsync();
                if (_store.StagesWhileCommitting && await _store.IsFileLoadedAsync(sha256, cancellationToken))
                {
                    // The same content twice in one run: the earlier copy committed while this one was staging.
                    return await SkipAsync(importId, file, started, cancellationToken);
                }

                FileOutcome? final = null;
                await load.CommitAsync(
                    counts => final = new FileOutcome(
                        ImportStatuses.FileLoaded,
                        rows.Count,
                        counts.RowsLoaded,
                        counts.RowsDuplicate,
                        RejectedRowCount(rejects),
                        null,
                        _time.GetElapsedTime(started)),
                    cancellationToken);
                known.Add(customerCodes);
                return ToResult(file, final!);
            }
            catch (FileRejectedException ex)
            {
                // Found unreadable half-way (e.g. a corrupt XLSX part): the load was rolled back on dispose.
                await turn.WaitForPreviousAsync();
                return await RecordRejectedAsync(importId, path, kind, ex.Message, cancellationToken, sha256, size);
            }
            catch (DbException) when (!cancellationToken.IsCancellationRequested)
            {
                // Another run loaded the same content while this one was loading it (its commit won the unique
                // index on loaded files): this load was rolled back on dispose; skip the file, as a later run would.
                if (!await _store.IsFileLoadedAsync(sha256, CancellationToken.None))
                {
                    throw;
                }

                await turn.WaitForPreviousAsync();

                var skipped = file with { Format = "already imported" };
                var outcome = new FileOutcome(ImportStatuses.FileSkipped, rows.Count, 0, 0, 0,
                    "Same content loaded by another import running at the same time; skipped.", _time.GetElapsedTime(started));
                await _store.RecordFileAsync(importId, skipped, outcome, CancellationToken.None);
                return ToResult(skipped, outcome);
            }
        }
    }

    private async Task<FileImportResult> SkipAsync(long importId, FileDescriptor file, long started, CancellationToken cancellationToken)
    {
        var skipped = file with { Format = "already imported" };
        var outcome = new FileOutcome(ImportStatuses.FileSkipped, 0, 0, 0, 0, "Same content already imported.", _time.GetElapsedTime(started));
        await _store.RecordFileAsync(importId, skipped, outcome, cancellationToken);
        return ToResult(skipped, outcome);
    }

    /// <summary>A row with several bad fields yields several issues but is one rejected row.</summary>
    private static int RejectedRowCount(List<RejectedRow> rejects) => rejects.Select(r => r.LineNumber).Distinct().Count();

    private static IEnumerable<T> Valid<T>(
        RowStream rows,
        ColumnMap columns,
        Func<RawRow, ColumnMap, MapResult<T>> map,
        string fileName,
        List<RejectedRow> rejects)
        where T : class
    {
        foreach (var row in rows)
        {
            if (RowChecks.Check(row, columns) is { } unusable)
            {
                rejects.Add(new RejectedRow(fileName, row.LineNumber, unusable.Column, unusable.RawValue, unusable.Reason));
                continue;
            }

            var result = map(row, columns);
            if (result.Record is { } record)
            {
                yield return record;
            }
            else
            {
                foreach (var issue in result.Issues)
                {
                    rejects.Add(new RejectedRow(fileName, row.LineNumber, issue.Column, RowChecks.Excerpt(issue.RawValue), issue.Reason));
                }
            }
        }
    }

    private async Task<FileImportResult> RecordRejectedAsync(
        long importId,
        string path,
        ExportKind? kind,
        string error,
        CancellationToken cancellationToken,
        string? sha256 = null,
        long size = 0)
    {
        if (sha256 is null && File.Exists(path))
        {
            (sha256, size) = await HashAsync(path, cancellationToken);
        }

        var file = new FileDescriptor(path, kind ?? ExportKind.Sales, sha256 ?? string.Empty, size, "unreadable");
        var outcome = new FileOutcome(ImportStatuses.FileRejected, 0, 0, 0, 0, error, TimeSpan.Zero);
        await _store.RecordFileAsync(importId, file, outcome, cancellationToken);
        return ToResult(file, outcome) with { Kind = kind?.ToName() };
    }

    /// <summary>The file's result, once its outcome is recorded (and counted in <see cref="CrmRecoMetrics"/>).</summary>
    private static FileImportResult ToResult(FileDescriptor file, FileOutcome outcome)
    {
        CrmRecoMetrics.FileImported(outcome.Status, outcome.RowsLoaded, outcome.RowsDuplicate, outcome.RowsRejected);
        return new(
            file.Path,
            file.Kind.ToName(),
            string.IsNullOrEmpty(file.Sha256) ? null : file.Sha256,
            outcome.Status,
            outcome.RowsRead,
            outcome.RowsLoaded,
            outcome.RowsDuplicate,
            outcome.RowsRejected,
            outcome.Error);
    }

    private static async Task<(string Sha256, long Size)> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return (Convert.ToHexStringLower(hash), stream.Length);
    }

    /// <summary>The rows of a file, counted, with progress reported every few thousand rows.</summary>
    private sealed class RowStream(ITabularReader reader, int index, int count, string path, IProgress<ImportProgress>? progress)
        : IEnumerable<RawRow>
    {
        public int Count { get; private set; }

        public IEnumerator<RawRow> GetEnumerator()
        {
            while (reader.TryReadRow(out var row))
            {
                Count++;
                if (Count % ProgressEveryRows == 0)
                {
                    progress?.Report(new ImportProgress(index, count, path, Count, null));
                }

                yield return row;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Keys and stages a file's sales lines, then the stubs of the customers and products they name (only
    /// customers not <paramref name="known"/>). A method of its own: its digest table and stub candidates (tens of MB
    /// for a file of 300k lines) are released once the lines are staged, instead of being kept by the file's state
    /// machine until it commits, which on PostgreSQL waits for the previous file's merge.</summary>
    private static async Task StageSalesAsync(IFileLoad load, IEnumerable<SalesLineRecord> valid, KnownCustomers known, CancellationToken cancellationToken)
    {
        var stubs = new SalesStubs();
        using var keys = new SalesLineKey();
        var lines = valid.Select(line =>
        {
            stubs.Observe(line, known);
            return new KeyedSalesLine(keys.Next(line), line);
        });
        await load.StageSalesAsync(ReadAhead.Of(lines), cancellationToken);
        await load.AddCustomerStubsAsync(stubs.Customers, cancellationToken);
        await load.AddProductStubsAsync(stubs.Products, cancellationToken);
    }

    /// <summary>Customers and products referenced by sales lines, remembered (last line wins) so the ones missing
    /// from the master exports can be created as stubs. Bounded by the number of customers and products: only the
    /// fields a stub takes are kept, not the lines.</summary>
    private sealed class SalesStubs
    {
        private readonly Dictionary<string, (string? Email, string? PostalCode, string? City)> _byCustomer = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string?> _labelByArticle = new(StringComparer.Ordinal);

        public IEnumerable<CustomerRecord> Customers =>
            _byCustomer.Select(c => SalesLineMapper.StubCustomer(c.Key, c.Value.Email, c.Value.PostalCode, c.Value.City));

        public IEnumerable<ProductRecord> Products => _labelByArticle.Select(p => SalesLineMapper.StubProduct(p.Key, p.Value));

        public void Observe(SalesLineRecord line, KnownCustomers known)
        {
            if (!known.Contains(line.CustomerCode))
            {
                _byCustomer[line.CustomerCode] = (line.Email, line.PostalCode, line.City);
            }

            if (line.Article is { } article)
            {
                _labelByArticle[article] = line.Label;
            }
        }
    }

    /// <summary>
    /// The customers of each customers export the run has committed (they come before its sales files). A customer row
    /// is never deleted (an erasure keeps it), so a sales line of one of these needs no stub. Without it, a first load's
    /// sales files each staged a stub for every customer they name (≈ 10k rows a file at 100k lines), which the merge
    /// then skipped. Customers already in the database before the run are not read: for a small weekly file their
    /// stubs cost less than reading every code. Read by the thread reading the next file while a file commits.
    /// </summary>
    private sealed class KnownCustomers
    {
        private readonly HashSet<string> _codes = new(StringComparer.Ordinal);
        private readonly Lock _gate = new();

        public bool Contains(string code)
        {
            lock (_gate)
            {
                return _codes.Contains(code);
            }
        }

        /// <summary>Codes now in the database: call after the file that holds them committed.</summary>
        public void Add(List<string> committed)
        {
            lock (_gate)
            {
                _codes.UnionWith(committed);
            }
        }
    }
}
