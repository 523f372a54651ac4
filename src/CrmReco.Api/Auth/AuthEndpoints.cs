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
        group.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(AuthSetup.LoginRateLimit).DisableAntiforgery().WithBodyLimit(RequestLimits.LoginBodyBytes);
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

        // Failures are counted per (account as typed, client address), for unknown accounts exactly as for real
        // ones: the answers (401, then 429 with Retry-After) and their timing never tell which accounts exist, and
        // a stranger hammering an account slows down himself, not its owner at another address.
        var o = options.Value;
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (await accounts.LoginBlockedUntilAsync(request.Email, address, cancellationToken) is { } blocked)
        {
            return Throttled(context, blocked - time.GetUtcNow());
        }

        var user = await accounts.FindUserAsync(request.Email, cancellationToken);
        var verdict = PasswordVerificationResult.Failed;
        if (user is null)
        {
            // Same work as a real check, so response times do not tell which emails exist.
            hasher.VerifyHashedPassword(DummyUser, DummyUser.PasswordHash, request.Password);
        }
        else
        {
            verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password);
        }

        if (user is null || verdict == PasswordVerificationResult.Failed)
        {
            var backoff = new LoginBackoff(o.MaxFailedLogins, TimeSpan.FromSeconds(o.LoginBackoffSeconds), TimeSpan.FromMinutes(o.LockoutMinutes), TimeSpan.FromHours(1));
            var until = await accounts.RecordLoginFailureAsync(request.Email, address, backoff, cancellationToken);
            if (user is not null)
            {
                await accounts.AuditAsync(user.Email, until is null ? "auth.login_failed" : "auth.throttled", user.Email, address, cancellationToken);
            }

            return Unauthorized();
        }

        await accounts.ClearLoginFailuresAsync(request.Email, address, cancellationToken);
        await accounts.RecordSuccessfulLoginAsync(user.Id, verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, request.Password) : null, cancellationToken);
        var session = await accounts.CreateSessionAsync(user.Id, TimeSpan.FromDays(o.SessionMaxDays), cancellationToken);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user.Email), new Claim(ClaimTypes.Role, user.Role), new Claim(SessionValidation.SessionClaim, session.Id)],
            CookieAuthenticationDefaults.AuthenticationScheme));
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        await accounts.AuditAsync(user.Email, "auth.login", user.Email, null, cancellationToken);
        context.User = principal; // the antiforgery token is bound to the signed-in user
        var tokens = antiforgery.GetAndStoreTokens(context);
        return TypedResults.Ok(new SessionInfo(user.Email, user.Role, CookieAuthenticationDefaults.AuthenticationScheme, tokens.RequestToken));
    }

    /// <summary>Ends this session, or with <c>?everywhere=true</c> every session of the signed-in user.</summary>
    public static async Task<NoContent> Logout(HttpContext context, AccountStore accounts, bool? everywhere, CancellationToken cancellationToken)
    {
        if (context.User.FindFirstValue(SessionValidation.SessionClaim) is { } id)
        {
            if (everywhere == true && await accounts.FindSessionAsync(id, cancellationToken) is { } session)
            {
                await accounts.EndSessionsAsync(session.UserId, cancellationToken);
            }
            else
            {
                await accounts.EndSessionAsync(id, cancellationToken);
            }
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        await accounts.AuditAsync(Audit.Actor(context.User), everywhere == true ? "auth.logout_everywhere" : "auth.logout", null, null, cancellationToken);
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

    private static ProblemHttpResult Throttled(HttpContext context, TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers.RetryAfter = seconds;
        return TypedResults.Problem($"Too many failed logins for this email from this address: try again in {seconds} s.",
            statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed logins");
    }

    private static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem("Unknown email or wrong password.", statusCode: StatusCodes.Status401Unauthorized, title: "Login failed");
}
