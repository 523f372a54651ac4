using CrmReco.Core.Generation;
using CrmReco.Core.Import;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;

namespace CrmReco.Integration.Tests.Import;

/// <summary>An estate generated with a larger catalogue and bigger baskets imports to exactly the counts the
/// generator planted, as the estate's own catalogue does (samples).</summary>
public sealed class ScaledEstateTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Import_EstateWithSyntheticCatalogue_GivesTheExpectedCounts(string provider)
    {
        var db = TestDatabases.New(provider);
        var folder = Path.Combine(Path.GetTempPath(), "crmreco-scaled", Guid.NewGuid().ToString("N"));
        var expected = (await EstateGenerator.GenerateAsync(new GeneratorOptions(Customers: 600, Years: 3, Seed: 13, Products: 700, Basket: 3), folder)).Expected;

        var run = await new ImportPipeline(TestServices.Get<IImportStore>(db)).RunAsync(ImportPipeline.ExpandPaths([folder]));

        Assert.Equal(ImportStatuses.Succeeded, run.Status);
        Assert.Equal(expected.SalesRowsRejected + expected.StockRowsRejected + expected.ContactsRowsRejected, run.Totals.RowsRejected);
        var status = await TestServices.Get<ICrmQueries>(db).GetStatusAsync();
        Assert.Equal(701, expected.Products);
        Assert.Equal(expected.Products, status.Products);
        Assert.Equal(expected.StubProducts, status.StubProducts);
        Assert.Equal(expected.Customers, status.Customers);
        Assert.Equal(expected.StubCustomers, status.StubCustomers);
        Assert.Equal(expected.DistinctSalesLines, status.SalesLines);
        Assert.Equal(expected.StockArticles, status.StockArticles);
        Assert.Equal(expected.SoldOutArticles, status.SoldOutArticles);
        Assert.Equal(expected.Contacts, status.Contacts);
    }
}
