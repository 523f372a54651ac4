namespace CrmReco.Web.Auth;

/// <summary>Who is signed in (as GET /api/auth/me or the login answered), their role and antiforgery token.</summary>
public sealed class SessionState
{
    public SessionInfo? Current { get; private set; }

    public string? AntiforgeryToken { get; set; }

    /// <summary>True once the session was asked for (so the gate does not ask at every navigation).</summary>
    public bool Checked { get; private set; }

    public event Action? Changed;

    public bool Can(string minimumRole) => RoleNames.AtLeast(Current?.Role, minimumRole);

    public void Start(SessionInfo session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Current = session;
        AntiforgeryToken = session.AntiforgeryToken;
        Checked = true;
        Changed?.Invoke();
    }

    public void End()
    {
        Current = null;
        AntiforgeryToken = null;
        Checked = true;
        Changed?.Invoke();
    }
}
