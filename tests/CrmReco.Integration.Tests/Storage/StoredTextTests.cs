using CrmReco.Core.Dashboard;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Storage;

/// <summary>The one cut of a stored text the pages show (<see cref="StoredText"/>), in the query, on SQLite and
/// PostgreSQL: by characters, not bytes; and the data-health samples cut their keys with it.</summary>
public sealed class StoredTextTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Cut_LongShortAndNullTexts_KeepsTheFirstCharactersOnly(string provider)
    {
        var database = TestServices.Database(TestDatabases.New(provider));
        await using var connection = await database.OpenAsync(CancellationToken.None);

        var cut = await SqlDatabase.ScalarAsync<string>(connection, null, $"SELECT {StoredText.Cut("@v", 5)}", CancellationToken.None, ("v", "Gewürztraminer"));
        var shortText = await SqlDatabase.ScalarAsync<string>(connection, null, $"SELECT {StoredText.Cut("@v", 5)}", CancellationToken.None, ("v", "Pinot"));
        var nothing = await SqlDatabase.ScalarAsync<bool>(connection, null, $"SELECT {StoredText.Cut("CAST(NULL AS TEXT)", 5)} IS NULL", CancellationToken.None);

        Assert.Equal("Gewür", cut); // five characters, the ü one of them
        Assert.Equal("Pinot", shortText);
        Assert.True(nothing);
        Assert.Throws<ArgumentOutOfRangeException>(() => StoredText.Cut("label", 0));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task DataHealth_LongStoredCode_ShowsItsFirst400Characters(string provider)
    {
        var db = TestDatabases.New(provider);
        var files = new ExportFiles();
        var path = files.WriteCp1252("clients/clients.csv", ExportFiles.CustomersHeader, "C1;Muller;Anne;pas-un-email;;;67000;Strasbourg;France");
        await TestImports.ImportAsync(db, path);
        var huge = "C" + new string('9', 2_000); // a primary key: PostgreSQL's index takes at most about 2,700 bytes
        await using (var connection = await TestServices.Database(db).OpenAsync(CancellationToken.None))
        {
            await SqlDatabase.ExecuteAsync(connection, null, "UPDATE customers SET code = @code", CancellationToken.None, ("code", huge));
        }

        var report = await TestServices.Get<DashboardQueries>(db).DataHealthAsync();

        var record = Assert.Single(report.Checks.Single(c => c.Code == "customers_without_valid_email").Records);
        Assert.Equal(huge[..400], record.Key);
        Assert.StartsWith("Muller", record.Description, StringComparison.Ordinal);
    }
}
