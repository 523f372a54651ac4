using System.Security.Claims;
using CrmReco.Core.Accounts;

namespace CrmReco.Api.Common;

/// <summary>Writes to the audit log every successful write and every export of personal data: who, when, what
/// (the action name), on what (the route values) and how (the query string).</summary>
public static class Audit
{
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var http = context.HttpContext;
            var inner = result is INestedHttpResult nested ? nested.Result : result; // Results<…> wraps the real result
            var status = inner is IStatusCodeHttpResult { StatusCode: { } code } ? code : http.Response.StatusCode;
            if (status < 400)
            {
                var target = string.Join(' ', http.Request.RouteValues.Select(v => $"{v.Key}={v.Value}"));
                var store = http.RequestServices.GetRequiredService<AccountStore>();
                await store.AuditAsync(Actor(http.User), action, target.Length == 0 ? null : target, http.Request.QueryString.HasValue ? http.Request.QueryString.Value : null, http.RequestAborted);
            }

            return result;
        });

    /// <summary>The user's email, or "api-key:NAME" for a script.</summary>
    public static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";
}
