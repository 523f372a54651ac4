using CrmReco.Core.Analytics;
using CrmReco.Core.Import;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Recommendations;

/// <summary>The database's catalogue, stock, customers and contacts as the engine's inputs.</summary>
public static class RecommendationInputs
{
    /// <summary>Products with their per-bottle price and, where a stock export gave one, the latest snapshot.</summary>
    public static IReadOnlyList<CatalogueItem> Catalogue(IEnumerable<ProductRow> products, IEnumerable<StockRecord> latestStock)
    {
        ArgumentNullException.ThrowIfNull(products);
        ArgumentNullException.ThrowIfNull(latestStock);
        var stock = latestStock.ToDictionary(s => s.Article, StringComparer.Ordinal);
        return products.Select(p => Item(p, stock.GetValueOrDefault(p.Article))).ToList();
    }

    /// <summary>One product: per-bottle price, range level (for up-sell), stock when known.</summary>
    public static CatalogueItem Item(ProductRow product, StockRecord? stock = null)
    {
        ArgumentNullException.ThrowIfNull(product);
        return new CatalogueItem(
            product.Article,
            product.Label,
            WineFamily.Of(product.Variety, product.IsSparkling),
            RecommendationEngine.WineKeyOf(product.Article),
            product.PriceTtc is { } price ? (double)(price / Math.Max(product.BottlesPerUnit, 0.1m)) : null,
            Available: !product.IsStub,
            Range: WineRange.Of(product.PremiumTier, product.IsGrandCru, product.IsLateHarvest),
            Stock: stock);
    }

    /// <summary>Customers (emailable: see <see cref="CustomerRow.IsEmailable"/>) with their latest contacts, overall and per channel.</summary>
    public static IReadOnlyList<CustomerInfo> Customers(IEnumerable<CustomerRow> customers, IEnumerable<LastContact> lastContacts)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(lastContacts);
        var contacts = lastContacts.GroupBy(c => c.CustomerCode, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<string, DateOnly>)g.GroupBy(c => c.Channel, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Max(x => x.Date), StringComparer.Ordinal),
            StringComparer.Ordinal);
        return customers.Select(c =>
        {
            var byChannel = contacts.GetValueOrDefault(c.Code);
            return new CustomerInfo(c.Code, c.IsEmailable, byChannel?.Values.Max(), byChannel);
        }).ToList();
    }
}
