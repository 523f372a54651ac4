using CrmReco.Api.Common;
using CrmReco.Core.Accounts;
using CrmReco.Core.Dashboard;

namespace CrmReco.Api.Catalogue;

/// <summary>/api/products and /api/sales.</summary>
public static class CatalogueEndpoints
{
    public static IEndpointRouteBuilder MapCatalogueApi(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/api/products").WithTags("Products").RequireAuthorization(Roles.Viewer);
        products.MapGet("/", ListProducts);
        products.MapGet("/{article}", GetProduct);
        var sales = app.MapGroup("/api/sales").WithTags("Sales").RequireAuthorization(Roles.Viewer);
        sales.MapGet("/", ListSales);
        return app;
    }

    public static async Task<Results<Ok<Page<ProductListItem>>, ProblemHttpResult>> ListProducts(
        [AsParameters] Paging paging, string? search, string? variety, string? colour, bool? stub, DashboardQueries queries, CancellationToken cancellationToken)
    {
        var page = paging.ToPage();
        return TypedResults.Ok(await queries.ListProductsAsync(new ProductFilter(search, variety, colour, stub), page, cancellationToken));
    }

    /// <summary>The product with its co-purchase neighbours (share of its buyers who also bought each, and lift).</summary>
    public static async Task<Results<Ok<ProductDetail>, ProblemHttpResult>> GetProduct(string article, DashboardQueries queries, CancellationToken cancellationToken) =>
        await queries.GetProductAsync(article, cancellationToken: cancellationToken) is { } detail ? TypedResults.Ok(detail) : Problems.NotFound($"No product '{article}'.");

    /// <summary>Sales lines, newest first by default; from/to are yyyy-mm-dd.</summary>
    public static async Task<Results<Ok<Page<SaleListItem>>, ProblemHttpResult>> ListSales(
        [AsParameters] Paging paging, string? customer, string? article, DateOnly? from, DateOnly? to, string? documentType, DashboardQueries queries, CancellationToken cancellationToken)
    {
        var page = paging.ToPage();
        return TypedResults.Ok(await queries.ListSalesAsync(new SaleFilter(customer, article, from, to, documentType), page, cancellationToken));
    }
}
