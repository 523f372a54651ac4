using System.CommandLine;
using System.Globalization;
using CrmReco.Worker.Common;
using static CrmReco.Worker.Common.CliText;

namespace CrmReco.Worker;

/// <summary>The verbs of the command line. Public so tests run the exact command line in-process.</summary>
public static class Cli
{
    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default) =>
        RunAsync(args, Console.Out, Console.Error, cancellationToken);

    /// <summary>Runs with the given writers for stdout and stderr: what the verbs print goes there, never to the
    /// process's console (tests run several invocations at once).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, output, error, environment: null, cancellationToken);

    /// <summary>Runs with the given writers for stdout and stderr (the verbs' output and the logs of their one-off
    /// hosts) and, when <paramref name="environment"/> is given, with those environment variables instead of the
    /// process's (ConnectionStrings__CrmReco, Email__OutboxPath, CRMRECO_LANG…): concurrent runs in one process share neither.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken = default)
    {
        // Set for this run's async flow only: an async method restores its caller's value when it returns.
        Common.CliInvocation.Current = new Common.CliInvocation(output, error, environment);

        // The language is known before the commands are built, so their help speaks it too.
        var (language, given) = Resolve(args, Common.CliInvocation.Current.Variable(EnvironmentVariable));
        if (language is null)
        {
            // No language to speak yet: the one message said in both.
            await error.WriteLineAsync($"error: --lang / ${EnvironmentVariable} must be fr or en, not '{given}'.");
            await error.WriteLineAsync($"erreur : --lang / ${EnvironmentVariable} doit valoir fr ou en, pas « {given} ».");
            return 2;
        }

        // Changed here, in this async method, they stay with this invocation (execution context), not the caller.
        Use(language);
        CultureInfo.CurrentUICulture = Culture; // System.CommandLine's own texts: usage, parse errors
        var root = new RootCommand(T("Cli_Description"));
        root.Options.Add(new Option<string>(OptionName)
        {
            Description = T("Option_Lang", EnvironmentVariable),
            Recursive = true,
            HelpName = "fr|en",
        });
        foreach (var help in root.Options.OfType<System.CommandLine.Help.HelpOption>())
        {
            help.Description = T("Option_Help");
        }

        foreach (var command in Commands())
        {
            root.Subcommands.Add(command);
        }

        var parse = root.Parse(args);
        // The worker's host handles SIGTERM itself (graceful stop, systemd STOPPING=1): the command line must
        // neither race it nor end the process after its 2-second default.
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        if (parse.CommandResult.Command.Name == Jobs.JobCommands.WorkerVerb)
        {
            configuration.ProcessTerminationTimeout = null;
        }

        return await parse.InvokeAsync(configuration, cancellationToken);
    }

    private static IEnumerable<Command> Commands()
    {
        yield return Import.ImportCommands.Import();
        yield return Import.StatusCommands.Status();
        yield return Import.StatusCommands.Imports();
        yield return Import.StatusCommands.Rejects();
        yield return Import.ImportCommands.Migrate();
        yield return Import.ImportCommands.Demo();
        yield return Generation.GenerateCommand.Create();
        yield return Analytics.AnalyzeCommand.Create();
        yield return Recommendations.RecommendationCommands.Rules();
        yield return Recommendations.RecommendationCommands.Backtest();
        yield return Recommendations.RecommendationCommands.Recommend();
        yield return Accounts.UserCommands.User();
        yield return Accounts.ApiKeyCommands.ApiKey();
        yield return Jobs.JobCommands.Worker();
        yield return Jobs.JobCommands.Job();
        yield return Backup.BackupCommands.Backup();
        yield return Backup.BackupCommands.Restore();
        yield return Email.CampaignCommands.Campaign();
        yield return Email.BrevoCommands.Brevo();
        yield return Email.WeeklyReportCommand.Create();
    }
}
