namespace CrmReco.Contracts;

/// <summary>The three roles, weakest first: a stronger role may do what a weaker one can. The API enforces them;
/// the dashboard only hides what a role cannot use.</summary>
public static class RoleNames
{
    public const string Viewer = "viewer";
    public const string Marketing = "marketing";
    public const string Admin = "admin";

    /// <summary>True when <paramref name="role"/> is at least as strong as <paramref name="minimum"/>.</summary>
    public static bool AtLeast(string? role, string minimum) => Rank(role) >= Rank(minimum) && Rank(minimum) >= 0;

    private static int Rank(string? role) => role switch
    {
        Viewer => 0,
        Marketing => 1,
        Admin => 2,
        _ => -1,
    };
}
