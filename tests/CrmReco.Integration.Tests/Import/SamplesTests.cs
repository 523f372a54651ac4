using System.Text.Json;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Import;

/// <summary>The committed samples import to exactly the counts their generator planted (samples/expected.json).</summary>
public sealed class SamplesTests
{
    internal static string SamplesFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "samples", "expected.json")))
            {
                return Path.Combine(dir.FullName, "samples");
            }
        }

        throw new DirectoryNotFoundException("samples/expected.json not found above " + AppContext.BaseDirectory);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Demo_OnEmptyDatabase_LoadsTheSamplesWithThePlantedCounts(string provider)
    {
        var db = TestDatabases.New(provider);
        var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(SamplesFolder(), "expected.json"))).RootElement;
        int Expected(string name) => expected.GetProperty(name).GetInt32();

        var import = await CliRunner.RunAsync("demo", "--db", db, "--json");

        Assert.Equal(0, import.ExitCode);
        var totals = import.Json.GetProperty("totals");
        Assert.Equal(Expected("salesRowsRejected") + Expected("stockRowsRejected") + Expected("contactsRowsRejected"), totals.GetProperty("rowsRejected").GetInt32());
        var status = (await CliRunner.RunAsync("status", "--db", db, "--json")).Json;
        Assert.Equal(Expected("customers"), status.GetProperty("customers").GetInt32());
        Assert.Equal(Expected("products"), status.GetProperty("products").GetInt32());
        Assert.Equal(Expected("distinctSalesLines"), status.GetProperty("salesLines").GetInt32());
        Assert.Equal(Expected("stubCustomers"), status.GetProperty("stubCustomers").GetInt32());
        Assert.Equal(Expected("stubProducts"), status.GetProperty("stubProducts").GetInt32());
        var sales = import.Json.GetProperty("files").EnumerateArray().Where(f => f.GetProperty("kind").GetString() == "sales").ToList();
        Assert.Equal(Expected("salesRowsRead"), sales.Sum(f => f.GetProperty("rowsRead").GetInt32()));
        Assert.Equal(Expected("duplicateSalesLines"), sales.Sum(f => f.GetProperty("rowsDuplicate").GetInt32()));
        int Sum(string kind, string property) => import.Json.GetProperty("files").EnumerateArray()
            .Where(f => f.GetProperty("kind").GetString() == kind).Sum(f => f.GetProperty(property).GetInt32());
        Assert.Equal(Expected("stockRowsRead"), Sum("stock", "rowsRead"));
        Assert.Equal(Expected("stockRowsRejected"), Sum("stock", "rowsRejected"));
        Assert.Equal(Expected("contactsRowsRead"), Sum("contacts", "rowsRead"));
        Assert.Equal(Expected("contactsRowsRejected"), Sum("contacts", "rowsRejected"));
        Assert.Equal(Expected("duplicateContacts"), Sum("contacts", "rowsDuplicate"));
        Assert.Equal(Expected("stockSnapshots"), status.GetProperty("stockSnapshots").GetInt32());
        Assert.Equal(Expected("stockArticles"), status.GetProperty("stockArticles").GetInt32());
        Assert.Equal(Expected("soldOutArticles"), status.GetProperty("soldOutArticles").GetInt32());
        Assert.Equal(Expected("contacts"), status.GetProperty("contacts").GetInt32());

        var again = await CliRunner.RunAsync("demo", "--db", db, "--json");

        Assert.All(again.Json.GetProperty("files").EnumerateArray(), f => Assert.Equal("skipped", f.GetProperty("status").GetString()));
        Assert.Equal(Expected("distinctSalesLines"), (await CliRunner.RunAsync("status", "--db", db, "--json")).Json.GetProperty("salesLines").GetInt32());
    }
}
