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

    [Fact]
    public async Task Generate_DefaultCatalogueAndBasket_WritesTheSameBytesAsBeforeTheScaleOptions()
    {
        // SHA-256 of the CSVs of `crmreco generate --customers 150 --seed 5`, computed before --products and --basket
        // existed: the defaults must keep the same random sequence (tests and documented figures depend on it).
        var before = new Dictionary<string, string>
        {
            ["clients/clients_2026-10-31.csv"] = "0CEC1E4F27D0A3A7D143995CDC815412A1A39C40BE31028B30F2F9F9FD59E688",
            ["contacts/contacts_2026-10-01.csv"] = "893BE8F3EDD22F5572D43385CDA9C8C8CC35BA1586C6B484A3E326BBC340FDC5",
            ["contacts/contacts_2026-10-31.csv"] = "36A1A12237FFA8ED31B40E9DB45B5861C38910CC7899F4158EEB24F0867E22D5",
            ["produits/produits_2026-10-31.csv"] = "5C7807CA9F1B56EB486D375F233893069FD5C23AC75C707EFA32A7D8C66CC794",
            ["stock/stock_2026-10-01.csv"] = "E7FFC7399C82E35CE8AF19C627417EFBDDFEDEFB379934E38016BB0229FD1BC2",
            ["stock/stock_2026-10-31.csv"] = "E430B9F298F9745D02DBC627688205684A07EA2F5805797B6C31938F42DA11B3",
            ["ventes_lignes/ventes_lignes_2024.csv"] = "A79CF58F2A78E811F03A45678FC8BE5666FE3737F97E010C3E13897261E18B1E",
            ["ventes_lignes/ventes_lignes_2025.csv"] = "BF863E88D0F5097CE5450536B580AE8CD7BA526F5A947A68B28311C485701927",
            ["ventes_lignes/ventes_lignes_2026.csv"] = "B4084C43E3F8B15759974071C0FB6908DB35D15CE5D420BE2DB1F0541508EC9C",
        };

        var (folder, summary) = await GenerateAsync(new GeneratorOptions(Customers: 150, Seed: 5));

        Assert.Equal(before, Hashes(summary, folder).ToDictionary(h => h.Key.Replace('\\', '/'), h => h.Value));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(59)]
    [InlineData(-1)]
    public async Task Generate_ProductsBelowTheEstatesOwn_IsRefusedNotIgnored(int products)
    {
        Assert.Equal(60, EstateGenerator.EstateProducts);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => GenerateAsync(new GeneratorOptions(Customers: 10, Products: products)));
    }

    [Fact]
    public async Task Generate_Products_CatalogueHasExactlyThatManyDistinctProductsAndTheSalesReachTheTail()
    {
        var (_, summary) = await GenerateAsync(new GeneratorOptions(Customers: 400, Seed: 5, Messy: false, Products: 503, Basket: 3));
        var catalogue = File.ReadAllLines(summary.Files.Single(f => f.Contains("produits_", StringComparison.Ordinal)), CrmReco.Core.Normalization.MojibakeRepair.Windows1252).Skip(1)
            .Select(l => l.Split(';')).ToList();

        Assert.Equal(503, summary.Expected.Products);
        Assert.Equal(503, catalogue.Count);
        Assert.Equal(503, catalogue.Select(c => c[1]).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(503, catalogue.Select(c => c[0]).Distinct(StringComparer.Ordinal).Count());
        Assert.All(catalogue, c => Assert.True(decimal.Parse(c[6], System.Globalization.CultureInfo.GetCultureInfo("fr-FR")) is >= 5m and <= 100m, string.Join(';', c)));
        var sold = Sales(summary).GroupBy(l => l.Article!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var synthetic = sold.Where(s => s.Key.Contains('.', StringComparison.Ordinal)).ToList();
        Assert.True(synthetic.Count > 200, $"{synthetic.Count} synthetic wines sold");
        // A long tail: the estate's own wines stay the best sellers.
        Assert.DoesNotContain('.', sold.MaxBy(s => s.Value).Key);
    }

    [Fact]
    public async Task Generate_ProductsAndBasket_SameSeedWritesIdenticalFilesWithMoreLinesPerCustomer()
    {
        var (a, first) = await GenerateAsync(new GeneratorOptions(Customers: 300, Seed: 7, Products: 800, Basket: 3));
        var (b, second) = await GenerateAsync(new GeneratorOptions(Customers: 300, Seed: 7, Products: 800, Basket: 3));
        var (_, single) = await GenerateAsync(new GeneratorOptions(Customers: 300, Seed: 7, Products: 800));

        Assert.Equal(Hashes(first, a), Hashes(second, b));
        Assert.Equal(first.Expected, second.Expected);
        Assert.Equal(801, first.Expected.Products); // and the stub of the messy estate
        Assert.True(first.Expected.DistinctSalesLines > 2 * single.Expected.DistinctSalesLines, $"{first.Expected.DistinctSalesLines} vs {single.Expected.DistinctSalesLines}");
    }
}
