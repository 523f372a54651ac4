using System.Text.Json;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Import;

/// <summary>The `crmreco import` contract end to end, on real SQLite and real PostgreSQL.</summary>
public sealed class ImportCommandTests
{
    private static readonly string[] BaseSales =
    [
        ExportFiles.SalesHeader,
        ExportFiles.Sale("C001", "27/12/2024", "Riesling Réserve 2022", "6", "FA-001", "RIE-RES-2022"),
        ExportFiles.Sale("C001", "27/12/2024", "Crémant d'Alsace Brut", "6", "FA-001", "CRE-BRUT"),
        ExportFiles.Sale("C002", "03/01/2025", "Gewurztraminer VT 2019", "2", "FA-002", "GEW-VT-2019"),
    ];

    private static async Task<CliResult> ImportAsync(string db, params string[] paths) =>
        await CliRunner.RunAsync(["import", "--db", db, "--json", .. paths]);

    private static async Task<JsonElement> StatusAsync(string db) => (await CliRunner.RunAsync("status", "--db", db, "--json")).Json;

    private static int Int(JsonElement e, string name) => e.GetProperty(name).GetInt32();

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_MasterDataThenSales_LoadsEverythingAndReportsCounts(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        files.WriteCp1252("produits/produits.csv", ExportFiles.ProductsHeader, "Riesling Réserve 2022;RIE-RES-2022;2022;Riesling;12,90", "Crémant d'Alsace Brut;CRE-BRUT;;Crémant;11,50");
        files.WriteCp1252("clients/clients.csv", ExportFiles.CustomersHeader, "C001;DUPONT;jean;Jean.Dupont@Example.com ;06 12 34 56 78;1 rue des Vignes;67000;STRASBOURG;France");
        files.WriteCp1252("ventes_lignes/ventes_2024.csv", BaseSales);

        var result = await ImportAsync(db, files.Root);

        Assert.Equal(0, result.ExitCode);
        var json = result.Json;
        Assert.Equal("succeeded", json.GetProperty("status").GetString());
        var kinds = json.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("kind").GetString()!).ToArray();
        Assert.Equal(["products", "customers", "sales"], kinds);
        var totals = json.GetProperty("totals");
        Assert.Equal(6, Int(totals, "rowsRead"));
        Assert.Equal(0, Int(totals, "rowsRejected"));
        var status = await StatusAsync(db);
        Assert.Equal(2, Int(status, "customers")); // C002 is a stub made from its sales line
        Assert.Equal(3, Int(status, "products")); // GEW-VT-2019 is a stub
        Assert.Equal(3, Int(status, "salesLines"));
    }

    [Fact]
    public async Task Verbs_WithoutDb_ReadConnectionStringsCrmRecoLikeTheWorker()
    {
        var db = TestDatabases.NewSqlite();
        var files = new ExportFiles();
        files.WriteCp1252("ventes_lignes/ventes_2024.csv", BaseSales);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["ConnectionStrings__CrmReco"] = db };

        Assert.Equal(0, (await CliRunner.RunAsync(environment, "import", "--json", files.Root)).ExitCode);
        Assert.Equal(3, Int((await CliRunner.RunAsync(environment, "status", "--json")).Json, "salesLines"));

        Assert.Equal(3, Int(await StatusAsync(db), "salesLines")); // the database of the configuration, not the default
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_SameFilesTwice_SecondRunSkipsAndChangesNothing(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        files.WriteCp1252("ventes_lignes/ventes_2024.csv", BaseSales);
        Assert.Equal(0, (await ImportAsync(db, files.Root)).ExitCode);
        var before = await StatusAsync(db);

        var second = await ImportAsync(db, files.Root);

        Assert.Equal(0, second.ExitCode);
        Assert.Equal("skipped", second.Json.GetProperty("files")[0].GetProperty("status").GetString());
        var after = await StatusAsync(db);
        Assert.Equal(Int(before, "salesLines"), Int(after, "salesLines"));
        Assert.Equal(Int(before, "customers"), Int(after, "customers"));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_OverlappingExport_AddsOnlyNewLines(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        var first = files.WriteCp1252("a/ventes_lignes/ventes_2024.csv", BaseSales);
        var overlap = files.WriteCp1252(
            "b/ventes_lignes/ventes_2025.csv",
            [.. BaseSales, ExportFiles.Sale("C003", "15/02/2025", "Pinot Gris 2023", "12", "FA-003", "PG-2023")]);

        await ImportAsync(db, first);
        var result = await ImportAsync(db, overlap);

        var file = result.Json.GetProperty("files")[0];
        Assert.Equal(4, Int(file, "rowsRead"));
        Assert.Equal(1, Int(file, "rowsLoaded"));
        Assert.Equal(3, Int(file, "rowsDuplicate"));
        Assert.Equal(4, Int(await StatusAsync(db), "salesLines"));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_IdenticalLinesInOneDocument_KeepsBoth(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        var line = ExportFiles.Sale("C001", "27/12/2024", "Riesling Réserve 2022", "6", "FA-001", "RIE-RES-2022");
        files.WriteCp1252("ventes_lignes/v.csv", ExportFiles.SalesHeader, line, line);

        var result = await ImportAsync(db, files.Root);

        Assert.Equal(2, Int(result.Json.GetProperty("totals"), "rowsLoaded"));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_BadRows_AreQuarantinedWithLineColumnAndReason(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        files.WriteCp1252(
            "ventes_lignes/v.csv",
            [.. BaseSales,
             ExportFiles.Sale("", "27/12/2024", "Riesling", "6", "FA-009", "RIE"),
             ExportFiles.Sale("C009", "31/02/2024", "Riesling", "6", "FA-010", "RIE"),
             ExportFiles.Sale("C009", "01/02/2024", "Riesling", "abc", "FA-011", "RIE")]);

        var result = await ImportAsync(db, files.Root);

        Assert.Equal(0, result.ExitCode); // rows quarantined, file imported
        var totals = result.Json.GetProperty("totals");
        Assert.Equal(3, Int(totals, "rowsRejected"));
        Assert.Equal(3, Int(totals, "rowsLoaded"));
        var importId = result.Json.GetProperty("importId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var rejects = (await CliRunner.RunAsync("rejects", importId, "--db", db, "--json")).Json.EnumerateArray().ToList();
        Assert.Contains(rejects, r => r.GetProperty("lineNumber").GetInt32() == 5 && r.GetProperty("column").GetString() == "client_code");
        Assert.Contains(rejects, r => r.GetProperty("lineNumber").GetInt32() == 6 && r.GetProperty("rawValue").GetString() == "31/02/2024");
        Assert.Contains(rejects, r => r.GetProperty("lineNumber").GetInt32() == 7 && r.GetProperty("column").GetString() == "qty_line");
        Assert.All(rejects, r => Assert.Equal("v.csv", r.GetProperty("fileName").GetString()));
    }

    public static TheoryData<string, string, byte[]> MalformedFiles
    {
        get
        {
            (string Expected, byte[] Content)[] cases =
            [
                ("empty", []),
                ("binary", [0x00, 0x01, 0x02, 0xFF, 0x00, 0x10, 0x00, 0x00]),
                ("XLS", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0]),
                ("document_no", System.Text.Encoding.UTF8.GetBytes("Code client;Date;Qté\nC001;01/01/2024;6\n")),
            ];
            var data = new TheoryData<string, string, byte[]>();
            foreach (var provider in Providers.All)
            {
                foreach (var (expected, content) in cases)
                {
                    data.Add(provider, expected, content);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public async Task Import_MalformedFile_IsRejectedWithMessageAndDatabaseUnchanged(string provider, string expectedInMessage, byte[] content)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        files.WriteCp1252("ventes_lignes/good.csv", BaseSales);
        await ImportAsync(db, files.Root);
        var before = await StatusAsync(db);
        var bad = new ExportFiles().WriteBytes("ventes_lignes/bad.csv", content);

        var result = await ImportAsync(db, bad);

        Assert.Equal(1, result.ExitCode);
        var file = result.Json.GetProperty("files")[0];
        Assert.Equal("rejected", file.GetProperty("status").GetString());
        Assert.Contains(expectedInMessage, file.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        var after = await StatusAsync(db);
        foreach (var count in new[] { "customers", "products", "salesLines", "rejectedRows" })
        {
            Assert.Equal(Int(before, count), Int(after, count));
        }
    }

    [Fact]
    public async Task Import_FileNamedNothing_IsRoutedByItsHeadersAndKindOverrides()
    {
        var db = TestDatabases.NewSqlite();
        var files = new ExportFiles();
        var path = files.WriteCp1252("x/export_du_jour.csv", ExportFiles.CustomersHeader, "C001;Dupont;Jean;jean@example.fr;;;67000;Strasbourg;France");

        var detected = await ImportAsync(db, path);
        var forced = await CliRunner.RunAsync("import", "--db", TestDatabases.NewSqlite(), "--kind", "products", "--json", path);

        Assert.Equal("customers", detected.Json.GetProperty("files")[0].GetProperty("kind").GetString());
        Assert.Equal(0, detected.ExitCode);
        Assert.Equal(1, forced.ExitCode); // as a products export it lacks the article column
        Assert.Contains("article", forced.Json.GetProperty("files")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_UnknownKind_IsAUsageError()
    {
        var result = await CliRunner.RunAsync("import", "--db", TestDatabases.NewSqlite(), "--kind", "wine", "x.csv");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--kind", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_MissingPath_IsAUsageErrorNamingIt()
    {
        var result = await CliRunner.RunAsync("import", "--db", TestDatabases.NewSqlite(), "/nonexistent/exports");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/nonexistent/exports", result.StdErr, StringComparison.Ordinal);
    }
}
