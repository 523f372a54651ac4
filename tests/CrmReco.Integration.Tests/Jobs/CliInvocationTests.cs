using System.Text.Json;
using CrmReco.Integration.Tests.Email;
using CrmReco.Integration.Tests.Infrastructure;
using CrmReco.Worker;

namespace CrmReco.Integration.Tests.Jobs;

/// <summary>Two runs of the command line in one process share neither the console nor the environment: the logs
/// of a verb's one-off host go to its own error writer, and the environment given to one run is its alone.</summary>
public sealed class CliInvocationTests
{
    [Fact]
    public async Task RunAsync_TwoJobRunsAtOnce_EachGetsOnlyItsOwnLogLinesOnItsErrorWriter()
    {
        var (empty, seeded) = (TestDatabases.NewSqlite(), TestDatabases.NewSqlite());
        Assert.Equal(0, (await CliRunner.RunAsync("demo", "--db", seeded)).ExitCode);
        using StringWriter outEmpty = new(), errEmpty = new(), outSeeded = new(), errSeeded = new();

        var exits = await Task.WhenAll(
            Cli.RunAsync(["job", "run", "nightly-scoring", "--db", empty, "--lang", "en"], TextWriter.Synchronized(outEmpty), TextWriter.Synchronized(errEmpty)),
            Cli.RunAsync(["job", "run", "nightly-scoring", "--db", seeded, "--lang", "en"], TextWriter.Synchronized(outSeeded), TextWriter.Synchronized(errSeeded)));

        Assert.All(exits, exit => Assert.Equal(0, exit));
        // The console logger's single-line format, scopes included: level, category, the job's run, the message.
        Assert.Matches(@"(?m)^info: CrmReco\.\S+\[-?\d+\] => nightly-scoring run #1 \(cli\) no sales in the database yet: nothing to score\.$", errEmpty.ToString());
        Assert.DoesNotContain("analytics run #", errEmpty.ToString(), StringComparison.Ordinal);
        Assert.Matches(@"(?m)^info: CrmReco\.\S+\[-?\d+\] => nightly-scoring run #1 \(cli\) analytics run #\d+: [1-9]\d* customers", errSeeded.ToString());
        Assert.DoesNotContain("nothing to score", errSeeded.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", errEmpty.ToString() + errSeeded.ToString(), StringComparison.Ordinal); // no colours outside a console
        Assert.StartsWith("nightly-scoring run #1: succeeded", outEmpty.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("nightly-scoring run #1: succeeded", outSeeded.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EnvironmentGivenToOneRun_IsNotSeenByTheOther()
    {
        var (empty, seeded) = (TestDatabases.NewSqlite(), TestDatabases.NewSqlite());
        Assert.Equal(0, (await CliRunner.RunAsync("demo", "--db", seeded)).ExitCode);
        using StringWriter outEmpty = new(), outSeeded = new();

        var exits = await Task.WhenAll(
            Cli.RunAsync(["status", "--json"], outEmpty, TextWriter.Null, Variables("ConnectionStrings__CrmReco", empty)),
            Cli.RunAsync(["status", "--json"], outSeeded, TextWriter.Null, Variables("CRMRECO_DB", seeded)));

        Assert.All(exits, exit => Assert.Equal(0, exit));
        Assert.Equal(0, SalesLines(outEmpty));
        Assert.True(SalesLines(outSeeded) > 0);
        Assert.Null(Environment.GetEnvironmentVariable("ConnectionStrings__CrmReco")); // nothing leaked into the process
    }

    [Fact]
    public async Task RunAsync_EmailVerbsAtOnce_OnlyTheRunGivenTheBrevoKeyUsesIt()
    {
        var db = TestDatabases.NewSqlite();
        await using var brevo = await FakeBrevo.StartAsync();
        var brevoSettings = new Dictionary<string, string>(StringComparer.Ordinal) { ["Brevo__ApiKey"] = FakeBrevo.ApiKey, ["Brevo__BaseUrl"] = brevo.BaseUrl };

        var runs = await Task.WhenAll(
            CliRunner.RunAsync(brevoSettings, "brevo", "sync-events", "--days", "1", "--db", db, "--json", "--lang", "en"),
            CliRunner.RunAsync("brevo", "sync-events", "--days", "1", "--db", db, "--json", "--lang", "en"));

        Assert.True(runs[0].ExitCode == 0, runs[0].StdErr);
        Assert.Contains(brevo.Calls, c => c.Path.StartsWith("/v3/smtp/statistics/events?", StringComparison.Ordinal) && c.Key == FakeBrevo.ApiKey);
        Assert.Equal(2, runs[1].ExitCode);
        Assert.Contains("no Brevo:ApiKey configured", runs[1].StdErr, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Variables(string name, string value) => new(StringComparer.Ordinal) { [name] = value };

    private static int SalesLines(StringWriter output) => JsonDocument.Parse(output.ToString()).RootElement.GetProperty("salesLines").GetInt32();
}
