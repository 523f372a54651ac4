using System.Security.Claims;
using CrmReco.Api.Common;
using CrmReco.Core.Accounts;
using CrmReco.Core.Dashboard;
using CrmReco.Core.Recommendations;

namespace CrmReco.Api.Scoring;

/// <summary>/api/recommendations/debug/{code} (why a customer got their wines) and /api/recommendations/reviews
/// (the marketing review of the latest run before a campaign: a rejected wine is left out of campaigns).</summary>
public static class RecommendationReviewEndpoints
{
    public static RouteGroupBuilder MapRecommendationReviews(this RouteGroupBuilder recommendations)
    {
        ArgumentNullException.ThrowIfNull(recommendations);
        recommendations.MapGet("/debug/{code}", Debug);
        recommendations.MapGet("/reviews", Reviews);
        recommendations.MapPut("/reviews/{customer}/{article}", Review).RequireAuthorization(Roles.Marketing).Audited("recommendation.review");
        return recommendations;
    }

    /// <summary>The latest run's view of one customer: scenario and blend weights, each wine's score, leading source
    /// and reason, each guardrail removal, the review decisions.</summary>
    public static async Task<Results<Ok<RecommendationDebug>, ProblemHttpResult>> Debug(string code, DashboardQueries queries, CancellationToken cancellationToken) =>
        await queries.RecommendationDebugAsync(code, cancellationToken) is { } debug
            ? TypedResults.Ok(debug)
            : Problems.NotFound($"No customer '{code}', or no recommendation run yet.");

    /// <summary>The review decisions on a run (the latest by default), optionally of one customer.</summary>
    public static async Task<Ok<IReadOnlyList<RecommendationReview>>> Reviews(long? runId, string? customer, RecommendationReviewStore reviews, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reviews.ListAsync(runId, customer, cancellationToken));

    /// <summary>Approves or rejects a wine the latest run recommends to the customer (decision = approved | rejected).</summary>
    public static async Task<Results<Ok<RecommendationReview>, ProblemHttpResult>> Review(
        string customer, string article, RecommendationReviewRequest request, ClaimsPrincipal user, RecommendationReviewStore reviews, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await reviews.SetAsync(customer, article, request.Decision, request.Note, Audit.Actor(user), cancellationToken));
        }
        catch (KeyNotFoundException ex)
        {
            return Problems.NotFound(ex.Message);
        }
        catch (ArgumentException ex)
        {
            return Problems.BadRequest(ex.Message);
        }
    }
}
