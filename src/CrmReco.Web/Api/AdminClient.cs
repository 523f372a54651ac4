using System.Net;

namespace CrmReco.Web.Api;

/// <summary>/api/admin and /api/jobs: users, API keys, audit log, jobs.</summary>
public sealed class AdminClient(ApiHttp api)
{
    public Task<List<UserInfo>> UsersAsync(CancellationToken cancellationToken = default) => api.GetAsync<List<UserInfo>>("api/admin/users", cancellationToken);

    public Task<UserInfo> SaveUserAsync(NewUser user, CancellationToken cancellationToken = default) =>
        api.WriteAsync<UserInfo>(HttpMethod.Post, "api/admin/users", user, cancellationToken);

    /// <summary>Ends every dashboard session of a user ("sign out everywhere").</summary>
    public Task SignOutEverywhereAsync(long userId, CancellationToken cancellationToken = default) =>
        api.WriteAsync(HttpMethod.Post, "api/admin/users/" + userId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/sign-out", null, cancellationToken);

    public Task<List<ApiKeyInfo>> KeysAsync(CancellationToken cancellationToken = default) => api.GetAsync<List<ApiKeyInfo>>("api/admin/api-keys", cancellationToken);

    public Task<CreatedApiKey> CreateKeyAsync(NewApiKey key, CancellationToken cancellationToken = default) =>
        api.WriteAsync<CreatedApiKey>(HttpMethod.Post, "api/admin/api-keys", key, cancellationToken);

    public Task RevokeKeyAsync(long id, CancellationToken cancellationToken = default) =>
        api.WriteAsync(HttpMethod.Delete, "api/admin/api-keys/" + id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, cancellationToken);

    public Task<Page<AuditEntry>> AuditAsync(int offset, int limit, CancellationToken cancellationToken = default) =>
        api.GetAsync<Page<AuditEntry>>(Query.Build("api/admin/audit", ("offset", offset), ("limit", limit)), cancellationToken);

    public Task<List<JobInfo>> JobsAsync(CancellationToken cancellationToken = default) => api.GetAsync<List<JobInfo>>("api/jobs", cancellationToken);

    /// <summary>Runs a job now: true when it finished within a few seconds, false when it goes on in the background.
    /// A job already running elsewhere is a 409 <see cref="ApiException"/>.</summary>
    public async Task<bool> RunJobAsync(string name, CancellationToken cancellationToken = default)
    {
        using var response = await api.WriteRawAsync(HttpMethod.Post, "api/jobs/" + Uri.EscapeDataString(name) + "/run?wait=5", null, cancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    }
}
