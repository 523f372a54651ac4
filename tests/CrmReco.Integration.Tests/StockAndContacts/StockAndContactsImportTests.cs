using System.Text;
using System.Text.Json;
using CrmReco.Core.Import;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.StockAndContacts;

/// <summary>Stock snapshots and marketing contacts end to end through `crmreco import`, on both providers.</summary>
public sealed class StockAndContactsImportTests
{
    private const string StockHeader = "Code article;Désignation;Stock total;Réservé;Date stock";
    private const string ContactsHeader = "Code client;Date contact;Canal;Statut;Campagne";

    private static async Task<JsonElement> ImportAsync(string db, params string[] paths)
    {
        var result = await CliRunner.RunAsync(["import", "--db", db, "--json", .. paths]);
        Assert.Equal(0, result.ExitCode);
        return result.Json;
    }

    private static JsonElement File(JsonElement import, int index = 0) => import.GetProperty("files")[index];

    private static int Int(JsonElement e, string name) => e.GetProperty(name).GetInt32();

    private static string[] Kinds(JsonElement import) => import.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("kind").GetString()!).ToArray();

    private static async Task<Dictionary<string, StockRecord>> LatestStockAsync(string db) =>
        (await TestServices.Get<ICrmQueries>(db).LoadLatestStockAsync()).ToDictionary(s => s.Article);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_TwoSnapshots_LatestDateWinsWhateverTheImportOrder(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        files.WriteCp1252("new/stock/stock_2026-10-31.csv", StockHeader, "RIE-2022;Riesling 2022;100;10;31/10/2026", "CRE-BRUT;Crémant;24;24;31/10/2026");
        // An older snapshot imported afterwards, without a date column: its date is the one in its name.
        files.WriteCp1252("old/stock/stock_2026-10-01.csv", "Code article;Stock;Réservé", "RIE-2022;5;5", "CRE-BRUT;1 300;0");

        await ImportAsync(db, files.Root + "/new");
        var older = await ImportAsync(db, files.Root + "/old");

        Assert.Equal("stock", File(older).GetProperty("kind").GetString());
        Assert.Equal(2, Int(File(older), "rowsLoaded"));
        var latest = await LatestStockAsync(db);
        Assert.Equal(new StockRecord("RIE-2022", new DateOnly(2026, 10, 31), 100m, 10m), latest["RIE-2022"]);
        Assert.Equal(0m, latest["CRE-BRUT"].Available);
        var status = await TestServices.Get<ICrmQueries>(db).GetStatusAsync();
        Assert.Equal(4, status.StockSnapshots);
        Assert.Equal(2, status.StockArticles);
        Assert.Equal(1, status.SoldOutArticles);
        Assert.Equal(new DateOnly(2026, 10, 31), status.LastStockDate);
        var text = (await CliRunner.RunAsync("status", "--db", db, "--lang", "en")).StdOut;
        Assert.Contains("2  articles (1 sold out; 4 snapshot rows, latest 2026-10-31)", text, StringComparison.Ordinal);
        Assert.Contains("no contacts export imported", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_SameSnapshotReExported_IsIdempotentAndACorrectionReplacesIt(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        files.WriteCp1252("a/stock/stock.csv", StockHeader, "RIE-2022;Riesling;90;0;31/10/2026", "RIE-2022;Riesling;100;10;31/10/2026", "PN-2021;Pinot Noir;12;2;31/10/2026");
        // The same snapshot exported again (other bytes: rows in another order), then a corrected one.
        files.WriteCp1252("b/stock/stock.csv", StockHeader, "PN-2021;Pinot Noir;12;2;31/10/2026", "RIE-2022;Riesling;100;10;31/10/2026");
        files.WriteCp1252("c/stock/stock.csv", StockHeader, "PN-2021;Pinot Noir;12;2;31/10/2026", "RIE-2022;Riesling;80;10;31/10/2026");

        var first = File(await ImportAsync(db, files.Root + "/a"));
        var again = File(await ImportAsync(db, files.Root + "/b"));
        var corrected = File(await ImportAsync(db, files.Root + "/c"));

        Assert.Equal((2, 1), (Int(first, "rowsLoaded"), Int(first, "rowsDuplicate"))); // the last RIE-2022 row of the file wins
        Assert.Equal((0, 2), (Int(again, "rowsLoaded"), Int(again, "rowsDuplicate")));
        Assert.Equal((1, 1), (Int(corrected, "rowsLoaded"), Int(corrected, "rowsDuplicate")));
        Assert.Equal(70m, (await LatestStockAsync(db))["RIE-2022"].Available);
        Assert.Equal(2, (await TestServices.Get<ICrmQueries>(db).GetStatusAsync()).StockSnapshots);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_BadStockAndContactRows_AreQuarantinedWithLineColumnAndReason(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        files.WriteCp1252("stock/stock.csv", StockHeader, "RIE-2022;Riesling;100;10;31/10/2026", ";Sans code;5;0;31/10/2026", "PN-2021;Pinot Noir;beaucoup;0;31/10/2026");
        files.WriteBytes("contacts/contacts.csv", Encoding.UTF8.GetBytes(string.Join("\r\n", ContactsHeader, "C001;26/10/2026;E-mail;Envoyé;NL", "C001;30/02/2026;SMS;Envoyé;NL", "C002;26/10/2026;Fax;Envoyé;NL") + "\r\n"));

        var import = await ImportAsync(db, files.Root);

        Assert.Equal(["stock", "contacts"], Kinds(import));
        Assert.Equal(4, Int(import.GetProperty("totals"), "rowsRejected"));
        var rejects = (await TestServices.Get<ICrmQueries>(db).GetRejectsAsync(import.GetProperty("importId").GetInt64()))
            .Select(r => (r.FileName, r.LineNumber, r.Column, r.RawValue, r.Reason)).ToList();
        Assert.Contains(("stock.csv", 3, Columns.Stock.Article, (string?)null, "article code is empty"), rejects);
        Assert.Contains(("stock.csv", 4, Columns.Stock.Total, (string?)"beaucoup", "stock total 'beaucoup' is not a number"), rejects);
        Assert.Contains(rejects, r => r is ("contacts.csv", 3, Columns.Contacts.Date, "30/02/2026", _));
        Assert.Contains(("contacts.csv", 4, Columns.Contacts.Channel, (string?)"Fax", "unknown channel 'Fax' (expected EMAIL, SMS, PHONE or COURRIER)"), rejects);
        Assert.Equal(1, (await TestServices.Get<ICrmQueries>(db).GetStatusAsync()).Contacts);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_OverlappingContactExports_AddOnlyNewContactsAndTheLatestStatusWins(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        files.WriteCp1252("a/contacts/contacts_2026-10-01.csv", ContactsHeader,
            "C001;21/09/2026 09:30;E-mail;Envoyé;NL-09",
            "C002;21/09/2026 09:31;E-mail;Rebond;NL-09");
        files.WriteCp1252("b/contacts/contacts_2026-10-31.csv", ContactsHeader,
            "C001;21/09/2026 09:30;E-mail;Ouvert;NL-09", // the same contact, now opened
            "C002;21/09/2026;E-mail;Rebond;NL-09", // the same contact: only the day counts
            "C001;22/10/2026;SMS;Envoyé;FOIRE",
            "C001;22/10/2026;SMS;Envoyé;FOIRE"); // twice in one file: one contact

        var first = File(await ImportAsync(db, files.Root + "/a"));
        var second = File(await ImportAsync(db, files.Root + "/b"));

        Assert.Equal((2, 0), (Int(first, "rowsLoaded"), Int(first, "rowsDuplicate")));
        Assert.Equal((2, 2), (Int(second, "rowsLoaded"), Int(second, "rowsDuplicate"))); // the status change and the SMS
        var queries = TestServices.Get<ICrmQueries>(db);
        Assert.Equal(3, (await queries.GetStatusAsync()).Contacts);
        var last = await queries.LoadLastContactsAsync();
        Assert.Equal(
            [new LastContact("C001", ContactChannels.Email, new DateOnly(2026, 9, 21)), new LastContact("C001", ContactChannels.Sms, new DateOnly(2026, 10, 22))],
            last); // C002's email bounced: it never reached them
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_ContactOfAnUnknownCustomer_MakesAStubThatALaterCustomersExportCompletes(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        files.WriteCp1252("a/contacts/contacts.csv", ContactsHeader, "C777;26/10/2026;E-mail;Envoyé;NL", "C001;26/10/2026;E-mail;Envoyé;NL");
        files.WriteCp1252("a/clients/clients.csv", ExportFiles.CustomersHeader, "C001;Dupont;Jean;jean@example.fr;;;67000;Strasbourg;France");
        files.WriteCp1252("b/clients/clients.csv", ExportFiles.CustomersHeader, "C777;Martin;Paul;paul@example.fr;;;68000;Colmar;France");

        var import = await ImportAsync(db, files.Root + "/a");

        Assert.Equal(["customers", "contacts"], Kinds(import));
        var customers = (await TestServices.Get<ICrmQueries>(db).ListCustomersAsync()).ToDictionary(c => c.Code);
        Assert.False(customers["C001"].IsStub); // loaded before the contacts of the same run
        Assert.True(customers["C777"].IsStub);
        Assert.False(customers["C777"].EmailValid);

        await ImportAsync(db, files.Root + "/b");

        var completed = (await TestServices.Get<ICrmQueries>(db).ListCustomersAsync()).Single(c => c.Code == "C777");
        Assert.False(completed.IsStub);
        Assert.Equal("paul@example.fr", completed.Email);
        Assert.Equal(2, (await TestServices.Get<ICrmQueries>(db).GetStatusAsync()).Contacts);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_KindForcedOrDetectedFromHeaders_RoutesStockAndContacts(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        var stock = files.WriteCp1252("in/export1.csv", "Référence;Stock disponible;Date stock", "RIE-2022;12;31/10/2026");
        var contacts = files.WriteCp1252("in/export2.csv", "N° client;Date d'envoi;Média;Campagne", "C001;26/10/2026;Courriel;NL");
        var odd = files.WriteCp1252("other/liste.csv", "Code article;Stock", "RIE-2022;3");

        var detected = await ImportAsync(db, stock, contacts);
        var forced = await CliRunner.RunAsync("import", "--db", db, "--json", "--kind", "stock", odd);

        Assert.Equal(["stock", "contacts"], Kinds(detected));
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal("stock", File(forced.Json).GetProperty("kind").GetString());
        Assert.Equal(2, (await TestServices.Get<ICrmQueries>(db).GetStatusAsync()).StockSnapshots);
    }
}
