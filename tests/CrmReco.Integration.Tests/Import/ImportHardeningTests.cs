using System.Text;
using CrmReco.Core.Import;
using CrmReco.Core.Storage;
using CrmReco.Core.Tests.Reading;
using CrmReco.Integration.Tests.Infrastructure;
using static CrmReco.Integration.Tests.Infrastructure.TestImports;

namespace CrmReco.Integration.Tests.Import;

/// <summary>Imports that used to damage data silently or die unhandled (issue 18), on SQLite and PostgreSQL: each
/// damaged row is quarantined with file, line, column and reason, the rest loads.</summary>
public sealed class ImportHardeningTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_NameOverItsCap_QuarantinesTheRowWithAnExcerpt(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        var path = files.WriteCp1252("clients/clients.csv", ExportFiles.CustomersHeader,
            "C1;Muller;Anne;anne@example.fr;;;67000;Strasbourg;France",
            "C2;" + new string('K', 5_000) + ";Luc;luc@example.fr;;;68000;Colmar;France",
            "C3;Weber;Marc;;;;67600;Sélestat;France");

        var (result, rejects) = await ImportAsync(db, path);

        Assert.Equal(ImportStatuses.Succeeded, result.Status);
        var reject = Assert.Single(rejects);
        Assert.Equal(("clients.csv", 3, Columns.Customers.LastName), (reject.FileName, reject.LineNumber, reject.Column));
        Assert.Contains("5,000 characters long, over the limit of 200", reject.Reason, StringComparison.Ordinal);
        Assert.True(reject.RawValue!.Length <= 201, "only an excerpt of the value is kept");
        Assert.Equal(2, await CustomersAsync(db));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_NulCharacterInAField_QuarantinesTheRowInsteadOfFailing(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        var text = ExportFiles.CustomersHeader + "\nC1;Mul\0ler;Anne;;;;67000;Strasbourg;France\nC2;Klein;Luc;;;;68000;Colmar;France\n";
        var path = files.WriteBytes("clients/clients.csv", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray());

        var (result, rejects) = await ImportAsync(db, path);

        Assert.Equal(ImportStatuses.Succeeded, result.Status);
        var reject = Assert.Single(rejects);
        Assert.Equal(2, reject.LineNumber);
        Assert.Contains("NUL character", reject.Reason, StringComparison.Ordinal);
        Assert.Equal(1, await CustomersAsync(db));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_UnbalancedQuote_QuarantinesTheSwallowedRowsWithTheReason(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        var path = files.WriteCp1252("clients/clients.csv", ExportFiles.CustomersHeader,
            "C1;Muller;Anne;;;;67000;Strasbourg;France",
            "C2;\"Klein;Luc;;;;68000;Colmar;France",
            "C3;Weber;Marc;;;;67600;Sélestat;France",
            "C4;Meyer\";Paul;;;;67000;Strasbourg;France",
            "C5;Schmitt;Léa;;;;67000;Strasbourg;France");

        var (result, rejects) = await ImportAsync(db, path);

        Assert.Equal(ImportStatuses.Succeeded, result.Status);
        var reject = Assert.Single(rejects);
        Assert.Equal(3, reject.LineNumber);
        Assert.Contains("unbalanced quote", reject.Reason, StringComparison.Ordinal);
        Assert.Equal(2, await CustomersAsync(db)); // C1 and C5; nothing stored with a swallowed name
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_XlsxSharedStringOutOfRange_QuarantinesTheRowInsteadOfDroppingIt(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        using var workbook = XlsxBuilder.Build(
            w => w.Write(XlsxBuilder.Row(1, "Code client", "Nom") + """<row r="2"><c r="A2" t="inlineStr"><is><t>C1</t></is></c><c r="B2" t="s"><v>9</v></c></row>""" + XlsxBuilder.Row(3, "C2", "Klein")),
            w => w.Write("<si><t>Muller</t></si>"));
        var path = files.WriteBytes("clients/clients.xlsx", workbook.ToArray());

        var (result, rejects) = await ImportAsync(db, path);

        Assert.Equal(ImportStatuses.Succeeded, result.Status);
        var reject = Assert.Single(rejects);
        Assert.Equal((2, "Nom"), (reject.LineNumber, reject.Column));
        Assert.Contains("shared string #9", reject.Reason, StringComparison.Ordinal);
        Assert.Equal(1, result.Files[0].RowsRejected);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_DuplicateHeaders_RefusesTheFileNamingThem(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        var path = files.WriteCp1252("clients/clients.csv", "Code client;Nom;Prénom;Nom", "C1;Muller;Anne;Klein");

        var (result, _) = await ImportAsync(db, path);

        var file = Assert.Single(result.Files);
        Assert.Equal(ImportStatuses.FileRejected, file.Status);
        Assert.Contains("'Nom' (column 2) and 'Nom' (column 4)", file.Error, StringComparison.Ordinal);
        Assert.Equal(0, await CustomersAsync(db));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_TwoRunsOfTheSameFileAtOnce_OneLoadsTheOtherSkipsWithAMessage(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        var lines = Enumerable.Range(1, 4_000).Select(i => ExportFiles.Sale($"C{i % 300}", "03/02/2025", "Riesling", "6", $"F{i}", $"A{i % 50}"));
        var path = files.WriteCp1252("ventes_lignes/ventes.csv", [ExportFiles.SalesHeader, .. lines]);
        _ = TestServices.Get<IImportStore>(db); // schema migrated before the race

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
                new ImportPipeline(TestServices.Get<IImportStore>(db)).RunAsync([path], new ImportOptions(StartedBy: "test")))));

            var outcomes = runs.Select(r => Assert.Single(r.Files)).ToList();
            Assert.All(runs, r => Assert.Equal(ImportStatuses.Succeeded, r.Status));
            Assert.Equal(attempt == 0 ? 1 : 0, outcomes.Count(f => f.Status == ImportStatuses.FileLoaded));
            Assert.All(outcomes.Where(f => f.Status != ImportStatuses.FileLoaded), f =>
            {
                Assert.Equal(ImportStatuses.FileSkipped, f.Status);
                Assert.StartsWith("Same content", f.Error, StringComparison.Ordinal);
            });
        }

        Assert.Equal(4_000, (await TestServices.Get<ICrmQueries>(db).GetStatusAsync()).SalesLines);
    }
}

/// <summary>A huge value that reached the database before the import caps (issue 18: a 200 MB name made
/// /api/data-health take minutes and answer it whole) is shown cut in the data-health samples.</summary>
public sealed class LongStoredValueTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task DataHealthAndCustomerPages_HugeStoredName_ShowItCut(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        var path = files.WriteCp1252("clients/clients.csv", ExportFiles.CustomersHeader,
            "C1;Muller;Anne;pas-un-email;;;67000;Strasbourg;France", "C2;Muller;Anne;;;;67000;Strasbourg;France");
        await ImportAsync(db, path);
        var database = TestServices.Database(db);
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await SqlDatabase.ExecuteAsync(connection, null, "UPDATE customers SET last_name = @name", CancellationToken.None, ("name", new string('K', 20_000_000)));
        }

        var queries = TestServices.Get<CrmReco.Core.Dashboard.DashboardQueries>(db);
        var report = await queries.DataHealthAsync();

        var records = report.Checks.SelectMany(c => c.Records).ToList();
        Assert.Contains(records, r => r.Description.StartsWith("KKKK", StringComparison.Ordinal));
        Assert.All(records, r => Assert.True(r.Description.Length <= 401, $"{r.Key}: {r.Description.Length:N0} characters"));

        // The customer page and the list show the value cut, so their JSON stays small whatever was stored.
        var detail = await queries.GetCustomerAsync("C1");
        Assert.Equal(1000, detail!.LastName!.Length);
        var list = await queries.ListCustomersAsync(new CrmReco.Core.Dashboard.CustomerFilter(), new CrmReco.Core.Dashboard.PageRequest());
        Assert.All(list.Items, c => Assert.Equal(1000, c.LastName!.Length));
    }
}
