using System.Security.Claims;
using CrmReco.Api.Common;
using CrmReco.Core.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CrmReco.Api.Auth;

/// <summary>/api/auth: login, logout, who am I, antiforgery token.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");
        group.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(AuthSetup.LoginRateLimit).DisableAntiforgery();
        group.MapPost("/logout", Logout);
        group.MapGet("/me", Me);
        group.MapGet("/session", Session).AllowAnonymous();
        group.MapGet("/antiforgery", Token);
        return app;
    }

    public static async Task<Results<Ok<SessionInfo>, ProblemHttpResult>> Login(
        LoginRequest request, HttpContext context, AccountStore accounts, IPasswordHasher<UserAccount> hasher, IAntiforgery antiforgery,
        IOptions<ApiOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
        {
            return Problems.BadRequest("email and password are required.");
        }

        var user = await accounts.FindUserAsync(request.Email, cancellationToken);
        if (user is null)
        {
            // Same work as a real check, so response times do not tell which emails exist.
            hasher.VerifyHashedPassword(DummyUser, DummyUser.PasswordHash, request.Password);
            return Unauthorized();
        }

        var now = time.GetUtcNow();
        if (user.LockedUntil is { } until && until > now)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling((until - now).TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem($"Too many failed logins: the account is locked until {until:u}.", statusCode: StatusCodes.Status423Locked, title: "Account locked");
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var o = options.Value;
            var locked = await accounts.RecordFailedLoginAsync(user.Id, o.MaxFailedLogins, TimeSpan.FromMinutes(o.LockoutMinutes), cancellationToken);
            await accounts.AuditAsync(user.Email, locked is null ? "auth.login_failed" : "auth.locked", user.Email, null, cancellationToken);
            return Unauthorized();
        }

        await accounts.RecordSuccessfulLoginAsync(user.Id, verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, request.Password) : null, cancellationToken);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user.Email), new Claim(ClaimTypes.Role, user.Role)], CookieAuthenticationDefaults.AuthenticationScheme));
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        await accounts.AuditAsync(user.Email, "auth.login", user.Email, null, cancellationToken);
        context.User = principal; // the antiforgery token is bound to the signed-in user
        var tokens = antiforgery.GetAndStoreTokens(context);
        return TypedResults.Ok(new SessionInfo(user.Email, user.Role, CookieAuthenticationDefaults.AuthenticationScheme, tokens.RequestToken));
    }

    public static async Task<NoContent> Logout(HttpContext context, AccountStore accounts, CancellationToken cancellationToken)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        await accounts.AuditAsync(Audit.Actor(context.User), "auth.logout", null, null, cancellationToken);
        return TypedResults.NoContent();
    }

    public static Ok<SessionInfo> Me(ClaimsPrincipal user) =>
        TypedResults.Ok(new SessionInfo(Audit.Actor(user), user.FindFirstValue(ClaimTypes.Role) ?? string.Empty, user.Identity?.AuthenticationType ?? string.Empty, null));

    /// <summary>The dashboard's start-up probe: the session if there is one, else 204 (not a 401, which a browser
    /// reports as a failed request before anyone had a chance to sign in).</summary>
    public static Results<Ok<SessionInfo>, NoContent> Session(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? Me(user) : TypedResults.NoContent();

    public static Ok<SessionInfo> Token(HttpContext context, IAntiforgery antiforgery) =>
        TypedResults.Ok(new SessionInfo(Audit.Actor(context.User), context.User.FindFirstValue(ClaimTypes.Role) ?? string.Empty,
            context.User.Identity?.AuthenticationType ?? string.Empty, antiforgery.GetAndStoreTokens(context).RequestToken));

    private static readonly UserAccount DummyUser = new(0, "nobody", new PasswordHasher<UserAccount>().HashPassword(null!, "not a password"), Roles.Viewer, 0, null, DateTimeOffset.MinValue, null);

    private static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem("Unknown email or wrong password.", statusCode: StatusCodes.Status401Unauthorized, title: "Login failed");
}
