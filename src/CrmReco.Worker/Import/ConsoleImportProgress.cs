using System.CommandLine;
using CrmReco.Core.Import;
using CrmReco.Worker.Common;
using static CrmReco.Worker.Common.CliText;

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

                parse.Err().WriteLine(T("Progress_FileDone", value.FileIndex + 1, value.FileCount, name, Code("ImportStatus_", done.Status), done.RowsRead, done.RowsLoaded, done.RowsDuplicate, done.RowsRejected)
                    + (done.Error is null ? string.Empty : " — " + ImportError(done.Error)));
            }
            else if (_interactive)
            {
                var filled = value.FileCount == 0 ? 0 : BarWidth * value.FileIndex / value.FileCount;
                var bar = new string('#', filled) + new string('.', BarWidth - filled);
                parse.Err().Write("\r\u001b[2K" + T("Progress_Bar", bar, value.FileIndex + 1, value.FileCount, name, value.RowsRead));
            }
        }
    }
}
