using CrmReco.Core.Dashboard;

namespace CrmReco.Api.Common;

/// <summary>The paging and sorting query parameters every list takes: ?offset=0&amp;limit=50&amp;sort=-clv.</summary>
public readonly record struct Paging(int? Offset, int? Limit, string? Sort)
{
    public const int DefaultLimit = 50;

    /// <summary>The page asked for; out of bounds is an ArgumentException (a 400 with its message), checked by
    /// <see cref="PageRequest"/> itself so the API, the CLI and Core share one rule.</summary>
    public PageRequest ToPage() => new(Offset ?? 0, Limit ?? DefaultLimit, Sort);
}

/// <summary>Shared typed error results.</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
