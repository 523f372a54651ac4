using System.Security.Claims;
using CrmReco.Api.Common;
using CrmReco.Core.Accounts;
using CrmReco.Core.Dashboard;
using CrmReco.Core.Privacy;

namespace CrmReco.Api.Customers;

/// <summary>/api/customers: search, detail, and the GDPR operations (export, erase, consent).</summary>
public static class CustomersEndpoints
{
    public static IEndpointRouteBuilder MapCustomersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/customers").WithTags("Customers").RequireAuthorization(Roles.Viewer);
        group.MapGet("/", List);
        group.MapGet("/export", ExportList).RequireAuthorization(Roles.Marketing).Audited("customers.export");
        group.MapGet("/{code}", Get);
        group.MapGet("/{code}/export", Export).RequireAuthorization(Roles.Admin).Audited("customer.export");
        group.MapDelete("/{code}", Erase).RequireAuthorization(Roles.Admin).Audited("customer.erase");
        group.MapPut("/{code}/consent", SetConsent).RequireAuthorization(Roles.Marketing).Audited("customer.consent");
        return app;
    }

    /// <summary>Customers by name, email, code, city or postal code (search), segment and scenario codes, the
    /// recency (r) and frequency (f) scores 1–5 of the latest run (a cell of the R×F grid), consent
    /// (emailable=true|false) and P(alive) and CLV ranges (pAliveMin, pAliveMax, clvMin, clvMax).</summary>
    public static async Task<Results<Ok<Page<CustomerListItem>>, ProblemHttpResult>> List(
        [AsParameters] Paging paging, string? search, string? segment, string? scenario, int? r, int? f, [AsParameters] CustomerConditions conditions, DashboardQueries queries, CancellationToken cancellationToken)
    {
        var page = paging.ToPage();
        if (r is < 1 or > 5 || f is < 1 or > 5)
        {
            return Problems.BadRequest("r and f are RFM scores between 1 and 5.");
        }

        if (conditions.Validate() is { } invalid)
        {
            return Problems.BadRequest(invalid);
        }

        return TypedResults.Ok(await queries.ListCustomersAsync(conditions.Apply(new CustomerFilter(search, segment, scenario, r, f)), page, cancellationToken));
    }

    /// <summary>The filtered list (same filters and sort as the list, no paging) as CSV (";" separated, UTF-8, for
    /// Excel) or XLSX, cells escaped against formulas.</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportList(
        string? format, string? sort, string? search, string? segment, string? scenario, int? r, int? f, [AsParameters] CustomerConditions conditions, DashboardQueries queries, CancellationToken cancellationToken)
    {
        var kind = (format ?? "csv").ToLowerInvariant();
        if (kind is not ("csv" or "xlsx"))
        {
            return Problems.BadRequest("format must be csv or xlsx.");
        }

        if (r is < 1 or > 5 || f is < 1 or > 5)
        {
            return Problems.BadRequest("r and f are RFM scores between 1 and 5.");
        }

        if (conditions.Validate() is { } invalid)
        {
            return Problems.BadRequest(invalid);
        }

        var rows = await queries.ExportCustomersAsync(conditions.Apply(new CustomerFilter(search, segment, scenario, r, f)), sort, cancellationToken: cancellationToken);
        return kind == "csv"
            ? TypedResults.File(SpreadsheetExport.Csv(CustomerTable.Header, rows.Select(CustomerTable.Cells)), "text/csv; charset=utf-8", "clients.csv")
            : TypedResults.File(SpreadsheetExport.Xlsx("Clients", CustomerTable.Header, rows.Select(CustomerTable.Cells)),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "clients.xlsx");
    }

    /// <summary>The customer page: identity, consent, RFM/CLV scores, taste, purchases, recommendations and what the guardrails removed.</summary>
    public static async Task<Results<Ok<CustomerDetail>, ProblemHttpResult>> Get(string code, DashboardQueries queries, CancellationToken cancellationToken) =>
        await queries.GetCustomerAsync(code, cancellationToken: cancellationToken) is { } detail ? TypedResults.Ok(detail) : Problems.NotFound($"No customer '{code}'.");

    /// <summary>Everything held on the customer, as JSON (right of access).</summary>
    public static async Task<Results<Ok<CustomerDataExport>, ProblemHttpResult>> Export(string code, PrivacyService privacy, CancellationToken cancellationToken) =>
        await privacy.ExportAsync(code, cancellationToken) is { } export ? TypedResults.Ok(export) : Problems.NotFound($"No customer '{code}'.");

    /// <summary>Erases the customer's personal data; their sales stay, anonymous (right to erasure).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Erase(string code, ClaimsPrincipal user, PrivacyService privacy, CancellationToken cancellationToken) =>
        await privacy.EraseAsync(code, Audit.Actor(user), cancellationToken) ? TypedResults.NoContent() : Problems.NotFound($"No customer '{code}'.");

    /// <summary>Records an opt-in or opt-out with its source ("form", "phone", "unsubscribe"…).</summary>
    public static async Task<Results<Ok<CustomerDetail>, ProblemHttpResult>> SetConsent(
        string code, ConsentRequest request, ClaimsPrincipal user, PrivacyService privacy, DashboardQueries queries, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Source))
        {
            return Problems.BadRequest("source is required: where the consent came from (form, phone, unsubscribe…).");
        }

        if (!await privacy.SetConsentAsync(code, request.Consent, request.Source, Audit.Actor(user), cancellationToken))
        {
            return Problems.NotFound($"No customer '{code}', or the customer was erased.");
        }

        return TypedResults.Ok((await queries.GetCustomerAsync(code, cancellationToken: cancellationToken))!);
    }
}
