using System.Text.Json;
using CrmReco.Integration.Tests.Infrastructure;
using CrmReco.Worker;

namespace CrmReco.Integration.Tests.Import;

/// <summary>The verbs print through the writers of their invocation, not the process's console: two runs at once
/// each get their own output (no Console redirection here).</summary>
public sealed class CliWritersTests
{
    [Fact]
    public async Task RunAsync_TwoInvocationsAtOnce_EachPrintsToItsOwnWriters()
    {
        var files = new ExportFiles();
        files.WriteCp1252("ventes_lignes/ventes.csv", ExportFiles.SalesHeader, ExportFiles.Sale("C001", "05/01/2026", "Riesling 2022", "6", "FA-1", "RIES22"));
        var (empty, loaded) = (TestDatabases.NewSqlite(), TestDatabases.NewSqlite());
        using var importErr = new StringWriter();
        Assert.Equal(0, await Cli.RunAsync(["import", "--db", loaded, files.Root, "--lang", "en"], TextWriter.Null, importErr));
        Assert.Contains("1 loaded", importErr.ToString(), StringComparison.Ordinal); // the progress line went to our writer

        using StringWriter outA = new(), outB = new(), errA = new(), errB = new();
        var runs = await Task.WhenAll(
            Cli.RunAsync(["status", "--db", empty, "--json"], outA, errA),
            Cli.RunAsync(["status", "--db", loaded, "--json"], outB, errB),
            Cli.RunAsync(["status", "--db", empty, "--json"], TextWriter.Null, TextWriter.Null));

        Assert.All(runs, exit => Assert.Equal(0, exit));
        Assert.Equal(0, JsonDocument.Parse(outA.ToString()).RootElement.GetProperty("salesLines").GetInt32());
        Assert.Equal(1, JsonDocument.Parse(outB.ToString()).RootElement.GetProperty("salesLines").GetInt32());
    }
}
