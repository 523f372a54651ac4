namespace CrmReco.Contracts;

/// <summary>An import run with its files, as GET /api/imports lists it.</summary>
public sealed record ImportRunInfo(
    long Id,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string Status,
    string StartedBy,
    int RowsRead,
    int RowsLoaded,
    int RowsDuplicate,
    int RowsRejected,
    IReadOnlyList<ImportFileInfo> Files);

/// <summary>One file of an import run and its row counts. Only its name: where the server keeps it is not the
/// reader's business.</summary>
public sealed record ImportFileInfo(
    long Id, long ImportId, string FileName, string Kind, string Sha256, long SizeBytes, string Format, string Status,
    int RowsRead, int RowsLoaded, int RowsDuplicate, int RowsRejected, string? Error, long DurationMs);

/// <summary>A row an import quarantined: where it was and why.</summary>
public sealed record RejectedRowInfo(long Id, long ImportId, long ImportFileId, string FileName, int LineNumber, string Column, string? RawValue, string Reason);

/// <summary>The outcome of one uploaded file.</summary>
public sealed record UploadedFileResult(string FileName, string? Kind, string? Sha256, string Status, int RowsRead, int RowsLoaded, int RowsDuplicate, int RowsRejected, string? Error);

/// <summary>Row counts summed over the files of an upload.</summary>
public sealed record UploadTotals(int RowsRead, int RowsLoaded, int RowsDuplicate, int RowsRejected);

/// <summary>The answer of POST /api/imports: the run, every file in the order processed, and the totals.</summary>
public sealed record UploadResult(long ImportId, string Status, IReadOnlyList<UploadedFileResult> Files, UploadTotals Totals, bool AllFilesImported);
