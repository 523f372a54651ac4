using Microsoft.AspNetCore.Components;

namespace CrmReco.Web.Auth;

/// <summary>A page anyone may open (the login page).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PublicPageAttribute : Attribute;

/// <summary>The weakest role that may open the page; without it, any signed-in user may.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class MinimumRoleAttribute(string role) : Attribute
{
    public string Role { get; } = role;
}

/// <summary>The /login address that brings the user back where they were.</summary>
public static class LoginRedirect
{
    public static string For(NavigationManager navigation)
    {
        ArgumentNullException.ThrowIfNull(navigation);
        var relative = navigation.ToBaseRelativePath(navigation.Uri);
        return relative.StartsWith("login", StringComparison.Ordinal) || relative.Length == 0
            ? "login"
            : "login?returnUrl=" + Uri.EscapeDataString("/" + relative);
    }
}
