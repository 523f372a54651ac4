using System.CommandLine;
using System.Globalization;
using CrmReco.Core.Import;
using CrmReco.Worker.Common;

namespace CrmReco.Worker.Import;

/// <summary>Progress on stderr: a bar over files with the row count of the current file when stderr is a
/// terminal, one line per finished file otherwise (logs and CI stay readable).</summary>
internal sealed class ConsoleImportProgress(ParseResult parse) : IProgress<ImportProgress>
{
    private const int BarWidth = 24;
    // A bar only on a terminal: the process's own stderr, not redirected (an in-process caller's writer is not one).
    private readonly bool _interactive = parse.Err() == Console.Error && !Console.IsErrorRedirected;
    private readonly Lock _gate = new();

    public void Report(ImportProgress value)
    {
        lock (_gate)
        {
            var name = Path.GetFileName(value.Path);
            if (value.Finished is { } done)
            {
                if (_interactive)
                {
                    parse.Err().Write("\r\u001b[2K");
                }

                parse.Err().WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"[{value.FileIndex + 1}/{value.FileCount}] {name}: {done.Status} — {done.RowsRead:N0} read, {done.RowsLoaded:N0} loaded, {done.RowsDuplicate:N0} duplicate, {done.RowsRejected:N0} quarantined{(done.Error is null ? string.Empty : " — " + done.Error)}"));
            }
            else if (_interactive)
            {
                var filled = value.FileCount == 0 ? 0 : BarWidth * value.FileIndex / value.FileCount;
                var bar = new string('#', filled) + new string('.', BarWidth - filled);
                parse.Err().Write(string.Create(
                    CultureInfo.InvariantCulture,
                    $"\r\u001b[2K[{bar}] file {value.FileIndex + 1}/{value.FileCount} {name}: {value.RowsRead:N0} rows"));
            }
        }
    }
}
