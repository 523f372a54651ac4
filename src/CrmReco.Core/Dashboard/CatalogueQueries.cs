using CrmReco.Core.Storage;

namespace CrmReco.Core.Dashboard;

/// <summary>A product in a list, with how many customers bought it.</summary>
public sealed record ProductListItem(
    string Article, string? Label, string? Variety, int? Vintage, string? Colour, bool IsSparkling, bool IsLateHarvest, bool IsGrandCru,
    string? Family, decimal? PriceTtc, string? PriceBand, bool IsStub, int Buyers, double Bottles);

/// <summary>"Customers who bought this also bought": the share of this product's buyers who bought the other, and
/// the lift (that share over the other's share of all buyers).</summary>
public sealed record CoPurchase(string Article, string? Label, int Together, double Confidence, double Lift);

/// <summary>The product page.</summary>
public sealed record ProductDetail(ProductListItem Product, IReadOnlyList<CoPurchase> Neighbours);

/// <summary>Filters of the product list.</summary>
public sealed record ProductFilter(string? Search = null, string? Variety = null, string? Colour = null, bool? Stub = null);

/// <summary>Filters of the sales list.</summary>
public sealed record SaleFilter(string? Customer = null, string? Article = null, DateOnly? From = null, DateOnly? To = null, string? DocumentType = null);

public sealed partial class DashboardQueries
{
    private const string ProductSelect = """
        p.article, p.label, p.variety, p.vintage, p.colour, p.is_sparkling, p.is_late_harvest, p.is_grand_cru, p.family, p.price_ttc, p.price_band, p.is_stub,
        COALESCE(b.buyers, 0), COALESCE(b.bottles, 0)
        """;

    private const string ProductFrom = """
        products p LEFT JOIN (SELECT article, COUNT(DISTINCT customer_code) AS buyers, SUM(bottles) AS bottles FROM sales_lines GROUP BY article) b ON b.article = p.article
        """;

    private static readonly Dictionary<string, string> ProductSorts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["article"] = "p.article",
        ["label"] = "p.label",
        ["variety"] = "p.variety",
        ["vintage"] = "p.vintage",
        ["price"] = "p.price_ttc",
        ["buyers"] = "COALESCE(b.buyers, 0)",
    };

    private static readonly Dictionary<string, string> SaleSorts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["date"] = "s.sale_date",
        ["customer"] = "s.customer_code",
        ["article"] = "s.article",
        ["amount"] = "s.amount_ttc",
        ["document"] = "s.document_no",
    };

    public Task<Page<ProductListItem>> ListProductsAsync(ProductFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        var filters = new Filters();
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            filters.Add($"({Like("p.article")} OR {Like("p.label")} OR {Like("p.variety")} OR {Like("p.family")})", ("q", SqlReading.ContainsPattern(filter.Search)));
        }

        if (!string.IsNullOrWhiteSpace(filter.Variety))
        {
            filters.Add("p.variety = @variety", ("variety", filter.Variety.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(filter.Colour))
        {
            filters.Add("p.colour = @colour", ("colour", filter.Colour.Trim()));
        }

        if (filter.Stub is { } stub)
        {
            filters.Add(stub ? "p.is_stub = TRUE" : "p.is_stub = FALSE");
        }

        return PageAsync(ProductSelect, ProductFrom, filters, page.OrderBy(ProductSorts, "p.article"), page, ReadProduct, cancellationToken);
    }

    /// <summary>The product page with its ten strongest co-purchases, or null.</summary>
    public async Task<ProductDetail?> GetProductAsync(string article, int neighbours = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var products = await SqlReading.QueryAsync(connection, null, $"SELECT {ProductSelect} FROM {ProductFrom} WHERE p.article = @a", ReadProduct, cancellationToken, ("a", article));
        if (products.Count == 0)
        {
            return null;
        }

        var product = products[0];
        var allBuyers = await SqlDatabase.ScalarAsync<long>(connection, null, "SELECT COUNT(DISTINCT customer_code) FROM sales_lines", cancellationToken);
        var co = await SqlReading.QueryAsync(connection, null, """
            SELECT t.article, p.label, t.together, b.buyers
            FROM (SELECT o.article, COUNT(DISTINCT o.customer_code) AS together
                  FROM (SELECT DISTINCT customer_code FROM sales_lines WHERE article = @a) x
                  JOIN sales_lines o ON o.customer_code = x.customer_code AND o.article IS NOT NULL AND o.article <> @a
                  GROUP BY o.article) t
            JOIN (SELECT article, COUNT(DISTINCT customer_code) AS buyers FROM sales_lines WHERE article IS NOT NULL GROUP BY article) b ON b.article = t.article
            LEFT JOIN products p ON p.article = t.article
            ORDER BY t.together DESC, t.article LIMIT @n
            """, r =>
            {
                var together = r.Int(2);
                var confidence = product.Buyers == 0 ? 0 : (double)together / product.Buyers;
                var support = allBuyers == 0 ? 0 : r.Dbl(3) / allBuyers;
                return new CoPurchase(r.Text(0), r.Str(1), together, confidence, support == 0 ? 0 : confidence / support);
            }, cancellationToken, ("a", article), ("n", Math.Clamp(neighbours, 1, 100)));
        return new ProductDetail(product, co);
    }

    public Task<Page<SaleListItem>> ListSalesAsync(SaleFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        var filters = new Filters();
        if (!string.IsNullOrWhiteSpace(filter.Customer))
        {
            filters.Add("s.customer_code = @customer", ("customer", filter.Customer.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(filter.Article))
        {
            filters.Add("s.article = @article", ("article", filter.Article.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(filter.DocumentType))
        {
            filters.Add("s.document_type = @type", ("type", filter.DocumentType.Trim()));
        }

        if (filter.From is { } from)
        {
            filters.Add("s.sale_date >= @from", ("from", _database.DateParameter(from)));
        }

        if (filter.To is { } to)
        {
            filters.Add("s.sale_date <= @to", ("to", _database.DateParameter(to)));
        }

        return PageAsync(
            "s.id, s.sale_date, s.customer_code, s.document_no, s.document_type, s.article, COALESCE(p.label, s.label), s.quantity, s.bottles, s.amount_ht, s.amount_ttc, s.import_id",
            "sales_lines s LEFT JOIN products p ON p.article = s.article", filters, page.OrderBy(SaleSorts, "s.sale_date DESC, s.id DESC"), page,
            r => new SaleListItem(r.Long(0), r.Date(1)!.Value, r.Text(2), r.Text(3), r.Text(4), r.Str(5), r.Str(6), r.NullableDecimal(7) ?? 0, r.NullableDecimal(8) ?? 0,
                r.NullableDecimal(9), r.NullableDecimal(10), r.Long(11)),
            cancellationToken);
    }

    private static ProductListItem ReadProduct(System.Data.Common.DbDataReader r) =>
        new(r.Text(0), r.Str(1), r.Str(2), r.NullableInt(3), r.Str(4), r.Bool(5), r.Bool(6), r.Bool(7), r.Str(8), r.NullableDecimal(9), r.Str(10), r.Bool(11), r.Int(12), r.Dbl(13));
}
