using CrmReco.Core.Import;
using CrmReco.Core.Storage;

namespace CrmReco.Integration.Tests.Infrastructure;

/// <summary>What the import tests share: a run of the import pipeline on a test database and what it left.</summary>
public static class TestImports
{
    /// <summary>Imports the files as `crmreco import` does (started by "test"): the run and the rows it quarantined.</summary>
    public static async Task<(ImportResult Result, IReadOnlyList<RejectedRowRow> Rejects)> ImportAsync(string db, params string[] paths)
    {
        var pipeline = new ImportPipeline(TestServices.Get<IImportStore>(db));
        var result = await pipeline.RunAsync(paths, new ImportOptions(StartedBy: "test"));
        return (result, await TestServices.Get<ICrmQueries>(db).GetRejectsAsync(result.ImportId));
    }

    /// <summary>How many customers the database holds.</summary>
    public static async Task<int> CustomersAsync(string db) => (await TestServices.Get<ICrmQueries>(db).GetStatusAsync()).Customers;
}
