using CrmReco.Core.Dashboard;

namespace CrmReco.Api.Common;

/// <summary>The paging and sorting query parameters every list takes: ?offset=0&amp;limit=50&amp;sort=-clv.</summary>
public readonly record struct Paging(int? Offset, int? Limit, string? Sort)
{
    public const int DefaultLimit = 50;

    /// <summary>The page asked for, or a ProblemDetails-ready message when it is out of bounds.</summary>
    public (PageRequest? Page, string? Error) Validate()
    {
        if (Offset is < 0)
        {
            return (null, "offset must be 0 or more.");
        }

        if (Limit is < 1 or > PageRequest.MaxLimit)
        {
            return (null, $"limit must be between 1 and {PageRequest.MaxLimit}.");
        }

        return (new PageRequest(Offset ?? 0, Limit ?? DefaultLimit, Sort), null);
    }
}

/// <summary>Shared typed error results.</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
