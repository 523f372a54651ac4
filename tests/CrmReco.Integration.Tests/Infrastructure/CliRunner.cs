using System.Collections.ObjectModel;
using System.Text;
using System.Text.Json;
using CrmReco.Worker;

namespace CrmReco.Integration.Tests.Infrastructure;

/// <summary>The outcome of one `crmreco` invocation.</summary>
public sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public JsonElement Json => JsonDocument.Parse(StdOut).RootElement;
}

/// <summary>Runs the real command line in-process with its own stdout and stderr writers (what the verbs print and
/// what their one-off hosts log goes there) and its own environment variables (none unless given: the process's
/// environment is never read), so test classes run it in parallel.</summary>
public static class CliRunner
{
    private static readonly IReadOnlyDictionary<string, string> NoVariables = ReadOnlyDictionary<string, string>.Empty;

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(NoVariables, args);

    /// <summary>Runs with these environment variables (ConnectionStrings__CrmReco, Email__OutboxPath…), seen by this
    /// invocation only.</summary>
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(new StringBuilder()), new StringWriter(new StringBuilder()));
        // Synchronized: a job's log lines may come from other threads while the verb prints.
        var exit = await Cli.RunAsync(args, TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr), environment);
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }
}
