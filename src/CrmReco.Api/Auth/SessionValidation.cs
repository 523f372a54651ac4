using System.Security.Claims;
using CrmReco.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CrmReco.Api.Auth;

/// <summary>The cookie carries a session id; each request checks that the session is still live on the server
/// (<see cref="AccountStore.FindSessionAsync"/>, cached <see cref="AccountStore.SessionCacheTime"/>), so logout,
/// a password or role change and "sign out everywhere" end it at once, and no session outlives its absolute end.</summary>
public static class SessionValidation
{
    /// <summary>The claim holding the session id.</summary>
    public const string SessionClaim = "sid";

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.Principal;
        var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountStore>();
        var id = principal?.FindFirstValue(SessionClaim);
        var session = id is null ? null : await accounts.FindSessionAsync(id, context.HttpContext.RequestAborted);
        if (session is not null && principal is not null
            && string.Equals(session.Role, principal.FindFirstValue(ClaimTypes.Role), StringComparison.Ordinal)
            && string.Equals(session.Email, principal.FindFirstValue(ClaimTypes.Name), StringComparison.Ordinal))
        {
            return;
        }

        // Ended, expired, or issued before sessions were kept: the request is anonymous and the cookie goes.
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
