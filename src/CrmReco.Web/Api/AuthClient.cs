using System.Net;
using System.Net.Http.Json;
using CrmReco.Web.Auth;

namespace CrmReco.Web.Api;

/// <summary>/api/auth: login, logout, who am I.</summary>
public sealed class AuthClient(ApiHttp api, SessionState session)
{
    /// <summary>Signs in; the session cookie is set by the answer. Throws <see cref="ApiException"/> (401, 423, 429…).</summary>
    public async Task<SessionInfo> LoginAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        using var response = await api.SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/auth/login") { Content = JsonContent.Create(new LoginRequest(email, password)) }, cancellationToken);
        var info = (await response.Content.ReadFromJsonAsync<SessionInfo>(cancellationToken))!;
        session.Start(info);
        return info;
    }

    /// <summary>The current session, or null when nobody is signed in (or the session expired).</summary>
    public async Task<SessionInfo?> RestoreAsync(CancellationToken cancellationToken = default)
    {
        using var response = await api.SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/auth/session"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            session.End();
            return null;
        }

        var info = (await response.Content.ReadFromJsonAsync<SessionInfo>(cancellationToken))!;
        session.Start(info);
        return info;
    }

    public async Task LogoutAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await api.WriteAsync(HttpMethod.Post, "api/auth/logout", null, cancellationToken);
        }
        finally
        {
            session.End();
        }
    }
}
