using System.Diagnostics;

namespace CrmReco.Core.Backup;

/// <summary>Runs a program (pg_dump, pg_restore, the after-backup command) to its end, with its output captured.</summary>
internal static class ExternalProcess
{
    public sealed record Outcome(int ExitCode, string StdOut, string StdErr)
    {
        /// <summary>The last lines of stderr (else stdout), for a message.</summary>
        public string Tail => string.Join(" | ", (StdErr.Length > 0 ? StdErr : StdOut).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(5));
    }

    public static async Task<Outcome> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish within {timeout.TotalMinutes:0.#} minutes and was stopped.");
        }

        return new Outcome(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A program in <paramref name="folder"/> when given, else on PATH; null when absent.</summary>
    public static string? Find(string name, string? folder)
    {
        if (!string.IsNullOrWhiteSpace(folder))
        {
            var candidate = Path.Combine(folder, name);
            return File.Exists(candidate) ? candidate : null;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
