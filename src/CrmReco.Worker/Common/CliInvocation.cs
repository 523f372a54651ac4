namespace CrmReco.Worker.Common;

/// <summary>
/// What one run of the command line may read and write beside its arguments: its stdout and stderr writers and
/// its environment variables. <see cref="Cli.RunAsync(string[], TextWriter, TextWriter, IReadOnlyDictionary{string, string}?, CancellationToken)"/>
/// sets it for the run's async flow, so the shared helpers that build a verb's services (<see cref="CliConfiguration"/>,
/// <see cref="CliServices"/>, the email and job hosts) find it without every verb passing it on, and two runs in
/// one process (the tests) never share the console or the process environment.
/// </summary>
internal sealed class CliInvocation
{
    private static readonly AsyncLocal<CliInvocation?> Flow = new();

    public CliInvocation(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string>? environment)
    {
        Output = output;
        Error = error;
        OwnEnvironment = environment is null ? null : new Dictionary<string, string>(environment, StringComparer.Ordinal);
    }

    /// <summary>The run in progress on this async flow, else the process's console and environment.</summary>
    public static CliInvocation Current
    {
        get => Flow.Value ?? new CliInvocation(Console.Out, Console.Error, environment: null);
        set => Flow.Value = value;
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>The variables the run was given, read instead of the process environment (null: the process's).</summary>
    public IReadOnlyDictionary<string, string>? OwnEnvironment { get; }

    /// <summary>One environment variable of the run (null when unset).</summary>
    public string? Variable(string name) =>
        OwnEnvironment is null ? Environment.GetEnvironmentVariable(name) : OwnEnvironment.GetValueOrDefault(name);

    /// <summary>Whether log lines written to <see cref="Error"/> may carry ANSI colours: only on the process's own
    /// stderr, as the console logger decides.</summary>
    public bool ErrorIsConsole => ReferenceEquals(Error, Console.Error);
}
