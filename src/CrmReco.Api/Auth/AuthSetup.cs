using System.Threading.RateLimiting;
using CrmReco.Api.Common;
using CrmReco.Core.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace CrmReco.Api.Auth;

/// <summary>Cookie login for the dashboard, API keys for scripts, the three role policies, the login rate limit
/// and antiforgery on cookie-authenticated writes.</summary>
public static class AuthSetup
{
    public const string LoginRateLimit = "login";
    public const string AntiforgeryHeader = "X-XSRF-TOKEN";
    private const string Smart = "CookieOrApiKey";

    public static IServiceCollection AddCrmRecoAuth(this IServiceCollection services)
    {
        services.AddAuthentication(Smart)
            .AddPolicyScheme(Smart, Smart, o => o.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.KeyOf(context.Request) is null ? CookieAuthenticationDefaults.AuthenticationScheme : ApiKeyAuthenticationHandler.SchemeName)
            .AddCookie(o =>
            {
                o.Cookie.Name = "crmreco.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure over https (forwarded by Caddy)
                o.SlidingExpiration = true; // ExpireTimeSpan: CrmReco:SessionIdleHours, below
                o.Events.OnValidatePrincipal = SessionValidation.ValidateAsync;
                // An API answers 401/403, it does not redirect to a login page.
                o.Events.OnRedirectToLogin = context => WriteStatus(context.Response, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => WriteStatus(context.Response, StatusCodes.Status403Forbidden);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<ApiOptions>>((o, api) => o.ExpireTimeSpan = TimeSpan.FromHours(api.Value.SessionIdleHours));

        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Viewer, p => p.RequireRole(Roles.AtLeast(Roles.Viewer)))
            .AddPolicy(Roles.Marketing, p => p.RequireRole(Roles.AtLeast(Roles.Marketing)))
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.AtLeast(Roles.Admin)))
            // Everything not explicitly anonymous needs a signed-in user, so a new endpoint cannot be left open.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "crmreco.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.LoginAttemptsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            o.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Title = "Too many attempts", Detail = "Too many login attempts from this address: wait a minute.", Status = StatusCodes.Status429TooManyRequests },
                });
            };
        });
        return services;
    }

    /// <summary>Checks the antiforgery token of every unsafe request authenticated by the cookie (a browser);
    /// API-key requests carry no ambient credential and need none.</summary>
    public static IApplicationBuilder UseCookieAntiforgery(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var unsafeMethod = !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method));
        if (unsafeMethod && context.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme })
        {
            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Title = "Missing or invalid antiforgery token",
                        Detail = $"Send the token from GET /api/auth/antiforgery (or the login response) in the {AntiforgeryHeader} header.",
                        Status = StatusCodes.Status400BadRequest,
                    },
                });
                return;
            }
        }

        await next(context);
    });

    private static Task WriteStatus(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
