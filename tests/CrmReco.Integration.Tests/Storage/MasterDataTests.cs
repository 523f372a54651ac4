using CrmReco.Core.Storage;
using CrmReco.Core.Transactions;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Storage;

/// <summary>Customers and products: upsert semantics, stubs and their completion.</summary>
public sealed class MasterDataTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_LaterCustomersExport_CompletesTheStubAndLatestExportWins(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        files.WriteCp1252("a/ventes_lignes/v.csv", ExportFiles.SalesHeader, ExportFiles.Sale("C777", "01/03/2025", "Riesling 2022", "6", "FA-1", "RIE-2022", email: "Stub@Example.com"));
        await CliRunner.RunAsync("import", "--db", db, files.Root + "/a");
        var stub = (await TestServices.Get<ICrmQueries>(db).ListCustomersAsync()).Single(c => c.Code == "C777");
        Assert.True(stub.IsStub);
        Assert.Equal("stub@example.com", stub.Email);

        files.WriteCp1252("b/clients/clients.csv", ExportFiles.CustomersHeader,
            "C777;MARTIN;paul;paul.martin@example.fr;0612345678;2 rue du Vin;6000;NICE;France",
            "C777;MARTIN;Paul;paul.martin@example.org;0612345678;2 rue du Vin;6000;NICE;France");
        var result = await CliRunner.RunAsync("import", "--db", db, "--json", files.Root + "/b");

        var completed = (await TestServices.Get<ICrmQueries>(db).ListCustomersAsync()).Single(c => c.Code == "C777");
        Assert.False(completed.IsStub);
        Assert.Equal("Martin", completed.LastName);
        Assert.Equal("paul.martin@example.org", completed.Email); // last row of the file wins
        Assert.Equal("06000", completed.PostalCode);
        Assert.Equal("+33612345678", completed.Phone);
        var file = result.Json.GetProperty("files")[0];
        Assert.Equal(1, file.GetProperty("rowsLoaded").GetInt32());
        Assert.Equal(1, file.GetProperty("rowsDuplicate").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_SalesOfAKnownCustomer_DoesNotTurnItIntoAStub(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        files.WriteCp1252("clients/c.csv", ExportFiles.CustomersHeader, "C001;Dupont;Jean;jean@example.fr;;;67000;Strasbourg;France");
        files.WriteCp1252("ventes_lignes/v.csv", ExportFiles.SalesHeader, ExportFiles.Sale("C001", "01/03/2025", "Riesling 2022", "6", "FA-1", "RIE-2022", email: "other@example.com"));

        await CliRunner.RunAsync("import", "--db", db, files.Root);

        var customer = (await TestServices.Get<ICrmQueries>(db).ListCustomersAsync()).Single();
        Assert.False(customer.IsStub);
        Assert.Equal("jean@example.fr", customer.Email);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_ProductsExport_ReadsTheWineFromTheLabel(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        files.WriteCp1252("produits/p.csv", ExportFiles.ProductsHeader, "Gewurztraminer Grand Cru Hengst;GEW-GC-2019;2019;Blanc;32,00", "CrÃ©mant d'Alsace RosÃ©;CRE-ROSE;;Crémant;12,90");

        await CliRunner.RunAsync("import", "--db", db, files.Root);

        var products = (await TestServices.Get<ICrmQueries>(db).ListProductsAsync()).ToDictionary(p => p.Article);
        Assert.Equal("Gewurztraminer", products["GEW-GC-2019"].Variety);
        Assert.True(products["GEW-GC-2019"].IsGrandCru);
        Assert.Equal(2019, products["GEW-GC-2019"].Vintage);
        Assert.Equal(32.00m, products["GEW-GC-2019"].PriceTtc);
        Assert.Equal("Crémant d'Alsace Rosé", products["CRE-ROSE"].Label);
        Assert.True(products["CRE-ROSE"].IsSparkling);
        Assert.Equal("rose", products["CRE-ROSE"].Colour);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task LoadTransactions_CreditNote_IsNegativeAndItsOwnOrder(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        files.WriteCp1252("ventes_lignes/v.csv", ExportFiles.SalesHeader,
            ExportFiles.Sale("C001", "01/03/2025", "Riesling 2022", "6", "FA-1", "RIE-2022"),
            ExportFiles.Sale("C001", "05/03/2025", "Riesling 2022", "2", "FA-1", "RIE-2022", type: "AVOIR", amountTtc: "20,40"));

        await CliRunner.RunAsync("import", "--db", db, files.Root);
        var transactions = await TestServices.Get<ICrmQueries>(db).LoadTransactionsAsync();

        Assert.Equal(2, transactions.Count);
        Assert.Equal(6, transactions[0].Quantity);
        Assert.Equal(61.20, transactions[0].Amount, 2);
        Assert.Equal("AV:FA-1", transactions[1].OrderId);
        Assert.Equal(-2, transactions[1].Quantity);
        Assert.Equal(-20.40, transactions[1].Amount, 2);
        Assert.Equal(new DateOnly(2025, 3, 5), transactions[1].Date);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task LoadTransactions_NoArticleOrNoAmountTtc_LabelAndAmountHtTimes1Point2(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        files.WriteCp1252("ventes_lignes/v.csv", ExportFiles.SalesHeader,
            ExportFiles.Sale("C001", "01/03/2025", "Coffret découverte", "1", "FA-1", ""),
            ExportFiles.Sale("C002", "02/03/2025", "Riesling 2022", "3", "FA-2", "RIE-2022", amountTtc: ""),
            ExportFiles.Sale("C001", "02/03/2025", "Riesling 2022", "2", "FA-2", "RIE-2022", type: "AVOIR"));

        await CliRunner.RunAsync("import", "--db", db, files.Root);
        var transactions = await TestServices.Get<ICrmQueries>(db).LoadTransactionsAsync();

        Assert.Equal(3, transactions.Count);
        Assert.Equal(new Transaction("C001", "FA-1", new DateOnly(2025, 3, 1), "label:Coffret découverte", 1, 61.20), transactions[0]);
        Assert.Equal(new Transaction("C002", "FA-2", new DateOnly(2025, 3, 2), "RIE-2022", 3, 51.00 * 1.2), transactions[1]);
        Assert.Equal(new Transaction("C001", "AV:FA-2", new DateOnly(2025, 3, 2), "RIE-2022", -2, -61.20), transactions[2]);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task LoadTransactions_ReadInIdRanges_AllLinesOnceInDateThenIdOrder(string provider)
    {
        // Dates out of table order, so the id ranges read side by side each hold early and late lines.
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        var lines = Enumerable.Range(0, 41).Select(i => ExportFiles.Sale($"C{i % 7:000}", $"{1 + ((i * 13) % 28):00}/0{1 + (i % 9)}/2025", "Riesling 2022", "1", $"FA-{i}", "RIE-2022")).ToArray();
        files.WriteCp1252("ventes_lignes/v.csv", [ExportFiles.SalesHeader, .. lines]);

        await CliRunner.RunAsync("import", "--db", db, files.Root);
        var transactions = await TestServices.Get<ICrmQueries>(db).LoadTransactionsAsync();

        Assert.Equal(41, transactions.Select(t => t.OrderId).Distinct().Count());
        Assert.Equal(41, transactions.Count);
        Assert.Equal(transactions.OrderBy(t => t.Date).Select(t => t.OrderId), transactions.Select(t => t.OrderId)); // stable: ties keep id order
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Migrate_RunTwice_IsIdempotent(string provider)
    {
        var db = TestDatabases.New(provider);
        Assert.Equal(0, (await CliRunner.RunAsync("migrate", "--db", db)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("migrate", "--db", db)).ExitCode);
        var status = await TestServices.Get<ICrmQueries>(db).GetStatusAsync();
        Assert.Equal(Migrator.LatestVersion(CrmDatabase.ProviderOf(db)), status.SchemaVersion);
        Assert.True(status.SchemaVersion >= 3);
        Assert.Equal(0, status.Customers);
    }
}
