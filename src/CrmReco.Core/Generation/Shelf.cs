namespace CrmReco.Core.Generation;

/// <summary>
/// The catalogue indexed for the shoppers: its varieties, what is on sale each year and the vintages of each wine,
/// computed once instead of scanning every product for every line (60 products could afford the scans, 2,000 not).
/// Gives exactly what the scans gave, in the same order, so the generated files do not change.
/// </summary>
internal sealed class Shelf
{
    private readonly IReadOnlyList<GeneratedProduct> _products;
    private readonly Dictionary<int, GeneratedProduct[]> _onSale = [];
    private readonly Dictionary<string, GeneratedProduct[]> _wines;

    public Shelf(IReadOnlyList<GeneratedProduct> products)
    {
        _products = products;
        Varieties = [.. products.Select(p => p.Variety).Distinct()];
        _wines = products.GroupBy(WineCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The varieties in catalogue order of first appearance.</summary>
    public IReadOnlyList<string> Varieties { get; }

    /// <summary>The wine without its vintage.</summary>
    public static string WineCode(GeneratedProduct p) => p.Vintage is null ? p.Article : p.Article[..p.Article.LastIndexOf('-')];

    /// <summary>The products on sale in a year, in catalogue order.</summary>
    public GeneratedProduct[] OnSale(int year)
    {
        if (!_onSale.TryGetValue(year, out var products))
        {
            products = [.. _products.Where(p => IsOnSale(p, year))];
            _onSale[year] = products;
        }

        return products;
    }

    /// <summary>The youngest vintage of a wine on sale in a year (the first in catalogue order among equals), or null.</summary>
    public GeneratedProduct? Latest(string wine, int year)
    {
        if (!_wines.TryGetValue(wine, out var vintages))
        {
            return null;
        }

        GeneratedProduct? best = null;
        foreach (var p in vintages)
        {
            if (IsOnSale(p, year) && (best is null || (p.Vintage ?? 0) > (best.Vintage ?? 0)))
            {
                best = p;
            }
        }

        return best;
    }

    // A vintage goes on sale the year after harvest; older stock stays on sale.
    private static bool IsOnSale(GeneratedProduct p, int year) => p.Vintage is null || p.Vintage < year;
}
