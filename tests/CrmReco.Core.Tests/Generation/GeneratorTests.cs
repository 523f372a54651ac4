using System.Security.Cryptography;
using CrmReco.Core.Generation;
using CrmReco.Core.Import;
using CrmReco.Core.Import.Mapping;
using CrmReco.Core.Import.Reading;

namespace CrmReco.Core.Tests.Generation;

public sealed class GeneratorTests
{
    private static async Task<(string Folder, GeneratorSummary Summary)> GenerateAsync(GeneratorOptions options)
    {
        var folder = Path.Combine(Path.GetTempPath(), "crmreco-gen-tests", Guid.NewGuid().ToString("N"));
        return (folder, await EstateGenerator.GenerateAsync(options, folder));
    }

    private static Dictionary<string, string> Hashes(GeneratorSummary summary, string folder) =>
        summary.Files.Where(f => f.EndsWith(".csv", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    private static List<SalesLineRecord> Sales(GeneratorSummary summary)
    {
        var lines = new List<SalesLineRecord>();
        foreach (var file in summary.Files.Where(f => f.Contains("ventes_lignes", StringComparison.Ordinal)))
        {
            using var reader = TabularFile.Open(file);
            var columns = HeaderAliases.Default.Resolve(ExportKind.Sales, reader.Headers, file);
            while (reader.TryReadRow(out var row))
            {
                if (SalesLineMapper.Map(row, columns).Record is { } line)
                {
                    lines.Add(line);
                }
            }
        }

        return lines;
    }

    [Fact]
    public async Task Generate_SameSeed_WritesIdenticalFilesAndAnotherSeedDiffers()
    {
        var (a, first) = await GenerateAsync(new GeneratorOptions(Customers: 150, Seed: 5));
        var (b, second) = await GenerateAsync(new GeneratorOptions(Customers: 150, Seed: 5));
        var (c, third) = await GenerateAsync(new GeneratorOptions(Customers: 150, Seed: 6));
        Assert.Equal(Hashes(first, a), Hashes(second, b));
        Assert.NotEqual(Hashes(first, a), Hashes(third, c));
        Assert.Equal(first.Expected, second.Expected);
    }

    [Fact]
    public async Task Generate_Messy_CountsAreConsistentAndFilesAreCp1252()
    {
        var (_, summary) = await GenerateAsync(new GeneratorOptions(Customers: 200));
        var e = summary.Expected;
        Assert.Equal(e.SalesRowsRead - e.SalesRowsRejected - e.DuplicateSalesLines, e.DistinctSalesLines);
        Assert.Equal(3, e.SalesRowsRejected);
        Assert.Equal(2, e.StubCustomers); // one from a sales line, one from a contact
        Assert.Equal(e.ContactsRowsRead - e.ContactsRowsRejected - e.DuplicateContacts, e.Contacts);
        Assert.Equal(3, e.StockRowsRejected);
        Assert.Equal(2, e.SoldOutArticles);
        Assert.True(e.DuplicateSalesLines > 0);
        Assert.Equal(61, e.Products);
        var bytes = File.ReadAllBytes(summary.Files.First(f => f.Contains("ventes_lignes", StringComparison.Ordinal)));
        Assert.Contains((byte)0xE9, bytes); // "é" of "Désignation" in Windows-1252
        Assert.Equal(e.SalesRowsRead - e.SalesRowsRejected, Sales(summary).Count);
        Assert.Contains((byte)0xE9, File.ReadAllBytes(summary.Files.First(f => f.Contains("stock_", StringComparison.Ordinal))));
        Assert.Contains("Téléphone", File.ReadAllText(summary.Files.Last(f => f.Contains("contacts_", StringComparison.Ordinal)), System.Text.Encoding.UTF8), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_WithoutStockAndContacts_WritesTheSameCoreFiles()
    {
        var (a, with) = await GenerateAsync(new GeneratorOptions(Customers: 120, Seed: 4));
        var (b, without) = await GenerateAsync(new GeneratorOptions(Customers: 120, Seed: 4, StockAndContacts: false));

        var core = Hashes(with, a).Where(h => !h.Key.StartsWith("stock", StringComparison.Ordinal) && !h.Key.StartsWith("contacts", StringComparison.Ordinal));
        Assert.Equal(core, Hashes(without, b));
        Assert.Equal(0, without.Expected.ContactsRowsRead);
        Assert.Equal(with.Expected.StubCustomers - 1, without.Expected.StubCustomers);
    }

    [Fact]
    public async Task Generate_ChristmasPeakAndPlantedBundles_AreVisibleInTheData()
    {
        var (_, summary) = await GenerateAsync(new GeneratorOptions(Customers: 2000, Years: 3, Seed: 11, Messy: false));
        var lines = Sales(summary);
        var days = (double)(lines.Max(l => l.Date).DayNumber - lines.Min(l => l.Date).DayNumber + 1);
        var decemberDays = lines.Select(l => l.Date).Where(d => d.Month == 12).Select(d => d.Year).Distinct().Count() * 31.0;
        var decemberPerDay = lines.Count(l => l.Date.Month == 12) / decemberDays;
        Assert.True(decemberPerDay > 1.5 * (lines.Count / days), $"December {decemberPerDay:0.0}/day vs average {lines.Count / days:0.0}/day");

        var byCustomer = lines.GroupBy(l => l.CustomerCode).Select(g => g.Select(l => l.Article!).ToHashSet()).ToList();
        bool Bought(HashSet<string> articles, string wine) => articles.Any(a => a.StartsWith(wine + "-", StringComparison.Ordinal));
        var anchorBuyers = byCustomer.Where(c => Bought(c, "RIE-GC-SCH")).ToList();
        var partnerShareAmongAnchor = anchorBuyers.Count(c => Bought(c, "PG-GC-FRA")) / (double)anchorBuyers.Count;
        var partnerShare = byCustomer.Count(c => Bought(c, "PG-GC-FRA")) / (double)byCustomer.Count;
        Assert.True(partnerShareAmongAnchor > 2 * partnerShare, $"{partnerShareAmongAnchor:P0} vs {partnerShare:P0}");
    }
}
