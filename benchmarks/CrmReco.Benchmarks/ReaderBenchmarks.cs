using System.Text;
using BenchmarkDotNet.Attributes;
using CrmReco.Core.Generation;
using CrmReco.Core.Import;
using CrmReco.Core.Import.Mapping;
using CrmReco.Core.Import.Reading;
using CrmReco.Core.Normalization;

namespace CrmReco.Benchmarks;

/// <summary>Reading a generated ~100k-line Windows-1252 ';' sales export: the naive split is the floor, then our
/// sniffing RFC 4180 reader, then reader + normalization/validation (what the import really does per row).</summary>
[MemoryDiagnoser]
public class ReaderBenchmarks
{
    private string _path = "";

    [GlobalSetup]
    public void Setup()
    {
        var folder = Path.Combine(Path.GetTempPath(), "crmreco-bench-reader");
        var summary = EstateGenerator.GenerateAsync(new GeneratorOptions(Customers: 12_000, Years: 5, Seed: 1, Messy: false), folder).GetAwaiter().GetResult();
        _path = summary.Files.Where(f => f.Contains("ventes_lignes", StringComparison.Ordinal)).OrderByDescending(f => new FileInfo(f).Length).First();
    }

    [Benchmark(Baseline = true)]
    public int SplitLines()
    {
        var n = 0;
        foreach (var line in File.ReadLines(_path, MojibakeRepair.Windows1252))
        {
            n += line.Split(';').Length;
        }

        return n;
    }

    [Benchmark]
    public int TabularReader()
    {
        using var reader = TabularFile.Open(_path);
        var n = 0;
        while (reader.TryReadRow(out var row))
        {
            n += row.Fields.Length;
        }

        return n;
    }

    [Benchmark]
    public int ReadAndMap()
    {
        using var reader = TabularFile.Open(_path);
        var columns = HeaderAliases.Default.Resolve(ExportKind.Sales, reader.Headers, _path);
        var n = 0;
        while (reader.TryReadRow(out var row))
        {
            n += SalesLineMapper.Map(row, columns).IsValid ? 1 : 0;
        }

        return n;
    }
}

/// <summary>The per-field normalizers on typical French-export values.</summary>
[MemoryDiagnoser]
public class NormalizerBenchmarks
{
    private static readonly string[] Decimals = ["1 234,50", "12,5", "-3,00", "1.234,56", "1,234.56", "7"];
    private static readonly string[] Dates = ["27/12/2025", "2025-12-27", "45292", "05/03/2024 10:12"];
    private static readonly string[] Labels = ["Riesling Grand Cru Schlossberg 2019", "Crémant d'Alsace Brut Carton de 6", "Gewurztraminer VT 2018 50 cl", "Pinot Noir Élevé en Fût 2021"];

    [Benchmark(Baseline = true)]
    public decimal DecimalInvariantParse()
    {
        var sum = 0m;
        foreach (var s in Decimals)
        {
            sum += decimal.TryParse(s, System.Globalization.NumberStyles.Any, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : 0;
        }

        return sum;
    }

    [Benchmark]
    public decimal DecimalNormalizerParse()
    {
        var sum = 0m;
        foreach (var s in Decimals)
        {
            sum += DecimalNormalizer.TryParse(s, out var d) ? d : 0;
        }

        return sum;
    }

    [Benchmark]
    public int DateNormalizerParse()
    {
        var n = 0;
        foreach (var s in Dates)
        {
            n += DateNormalizer.TryParse(s, out var d) ? d.Day : 0;
        }

        return n;
    }

    [Benchmark]
    public int ProductLabelParse()
    {
        var n = 0;
        foreach (var s in Labels)
        {
            n += ProductLabelParser.Parse(s).Vintage ?? 0;
        }

        return n;
    }

    [Benchmark]
    public int TextClean() => TextNormalizer.Clean("  CrÃ©mant   d'Alsace  ")!.Length + (TextNormalizer.City("SAINT-DIE-DES-VOSGES")?.Length ?? 0);

    [Benchmark]
    public int EmailAndPhone() => (EmailNormalizer.Normalize(" Jean.Dupont@Example.COM ").Email?.Length ?? 0) + (PhoneNormalizer.ToE164("06 12 34 56 78")?.Length ?? 0);
}
