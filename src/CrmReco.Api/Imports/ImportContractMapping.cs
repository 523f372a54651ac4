using CrmReco.Core.Import;
using CrmReco.Core.Storage;

namespace CrmReco.Api.Imports;

/// <summary>Core's import records and rows to the API's contract (CrmReco.Contracts), field for field.</summary>
internal static class ImportContractMapping
{
    public static ImportRunInfo ToContract(this ImportRunSummary run) => new(
        run.Id, run.StartedAt, run.FinishedAt, run.Status, run.StartedBy, run.RowsRead, run.RowsLoaded, run.RowsDuplicate, run.RowsRejected,
        run.Files.Select(f => new ImportFileInfo(f.Id, f.ImportId, f.FileName, f.Kind, f.Sha256, f.SizeBytes, f.Format, f.Status,
            f.RowsRead, f.RowsLoaded, f.RowsDuplicate, f.RowsRejected, f.Error, f.DurationMs)).ToList());

    public static RejectedRowInfo ToContract(this RejectedRowRow row) =>
        new(row.Id, row.ImportId, row.ImportFileId, row.FileName, row.LineNumber, row.Column, row.RawValue, row.Reason);

    public static UploadResult ToContract(this ImportResult result)
    {
        var totals = result.Totals;
        return new UploadResult(
            result.ImportId, result.Status,
            result.Files.Select(f => new UploadedFileResult(Path.GetFileName(f.Path), f.Kind, f.Sha256, f.Status, f.RowsRead, f.RowsLoaded, f.RowsDuplicate, f.RowsRejected, f.Error)).ToList(),
            new UploadTotals(totals.RowsRead, totals.RowsLoaded, totals.RowsDuplicate, totals.RowsRejected),
            result.AllFilesImported);
    }
}
