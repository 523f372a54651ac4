using System.Text;
using System.Text.Json;
using CrmReco.Worker;

namespace CrmReco.Integration.Tests.Infrastructure;

/// <summary>The outcome of one `crmreco` invocation.</summary>
public sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public JsonElement Json => JsonDocument.Parse(StdOut).RootElement;
}

/// <summary>Runs the real command line in-process with its own stdout and stderr writers (what the verbs print goes
/// there). Still serialized, with Console redirected too: the one-off hosts' console loggers (`job run`, the email
/// verbs) and some tests' environment variables are process-wide; test classes using it share the "cli" collection.</summary>
public static class CliRunner
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<CliResult> RunAsync(params string[] args)
    {
        await Gate.WaitAsync();
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(new StringBuilder()), new StringWriter(new StringBuilder()));
        try
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            var exit = await Cli.RunAsync(args, stdout, stderr);
            return new CliResult(exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
            Gate.Release();
        }
    }
}

[CollectionDefinition("cli", DisableParallelization = true)]
public sealed class CliCollection;
