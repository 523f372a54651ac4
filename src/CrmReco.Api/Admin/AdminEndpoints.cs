using System.Security.Claims;
using CrmReco.Api.Common;
using CrmReco.Core.Accounts;
using CrmReco.Core.Dashboard;
using Microsoft.AspNetCore.Identity;

namespace CrmReco.Api.Admin;

/// <summary>/api/admin: users, API keys, the audit log. Admins only.</summary>
public static class AdminEndpoints
{
    private const int MinPasswordLength = 10;

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Administration").RequireAuthorization(Roles.Admin);
        group.MapGet("/users", Users);
        group.MapPost("/users", CreateUser).Audited("user.upsert");
        group.MapPost("/users/{id:long}/sign-out", SignOutEverywhere).Audited("user.sign_out");
        group.MapGet("/api-keys", Keys);
        group.MapPost("/api-keys", CreateKey).Audited("api_key.create");
        group.MapDelete("/api-keys/{id:long}", RevokeKey).Audited("api_key.revoke");
        group.MapGet("/audit", AuditLog);
        return app;
    }

    public static async Task<Ok<List<UserInfo>>> Users(AccountStore accounts, TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.Ok((await accounts.ListUsersAsync(cancellationToken))
            .Select(u => new UserInfo(u.Id, u.Email, u.Role, u.LockedUntil > time.GetUtcNow(), u.CreatedAt, u.LastLoginAt)).ToList());

    /// <summary>Creates a user, or resets the password and role of an existing one.</summary>
    public static async Task<Results<Ok<UserInfo>, ProblemHttpResult>> CreateUser(NewUser request, AccountStore accounts, IPasswordHasher<UserAccount> hasher, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || !request.Email.Contains('@', StringComparison.Ordinal))
        {
            return Problems.BadRequest("email must be an email address.");
        }

        if (!Roles.IsValid(request.Role))
        {
            return Problems.BadRequest($"role must be one of {string.Join(", ", Roles.All)}.");
        }

        if (request.Password is null || request.Password.Length < MinPasswordLength)
        {
            return Problems.BadRequest($"password must have at least {MinPasswordLength} characters.");
        }

        await accounts.UpsertUserAsync(request.Email, hasher.HashPassword(null!, request.Password), request.Role, cancellationToken);
        var user = (await accounts.FindUserAsync(request.Email, cancellationToken))!;
        return TypedResults.Ok(new UserInfo(user.Id, user.Email, user.Role, false, user.CreatedAt, user.LastLoginAt));
    }

    /// <summary>Ends every dashboard session of a user at once (a lost laptop, a departure).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> SignOutEverywhere(long id, AccountStore accounts, CancellationToken cancellationToken)
    {
        if (!(await accounts.ListUsersAsync(cancellationToken)).Any(u => u.Id == id))
        {
            return Problems.NotFound($"No user {id}.");
        }

        await accounts.EndSessionsAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<ApiKeyInfo>>> Keys(AccountStore accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok(await accounts.ListApiKeysAsync(cancellationToken));

    public static async Task<Results<Created<CreatedApiKey>, ProblemHttpResult>> CreateKey(NewApiKey request, ClaimsPrincipal user, AccountStore accounts, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            return Problems.BadRequest("name is required (what the key is for).");
        }

        if (!Roles.IsValid(request.Role))
        {
            return Problems.BadRequest($"role must be one of {string.Join(", ", Roles.All)}.");
        }

        var (info, key) = await accounts.CreateApiKeyAsync(request.Name, request.Role, Audit.Actor(user), cancellationToken);
        return TypedResults.Created($"/api/admin/api-keys/{info.Id}", new CreatedApiKey(info, key));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(long id, AccountStore accounts, CancellationToken cancellationToken) =>
        await accounts.RevokeApiKeyAsync(id, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound($"No active API key {id}.");

    public static async Task<Results<Ok<Page<AuditEntry>>, ProblemHttpResult>> AuditLog([AsParameters] Paging paging, AccountStore accounts, CancellationToken cancellationToken)
    {
        var page = paging.ToPage();

        var (items, total) = await accounts.ListAuditAsync(page.Offset, page.Limit, cancellationToken);
        return TypedResults.Ok(new Page<AuditEntry>(items, total, page.Offset, page.Limit));
    }
}
