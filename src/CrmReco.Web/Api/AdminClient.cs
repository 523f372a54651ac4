namespace CrmReco.Web.Api;

/// <summary>/api/admin and /api/jobs: users, API keys, audit log, jobs.</summary>
public sealed class AdminClient(ApiHttp api)
{
    public Task<List<UserInfo>> UsersAsync(CancellationToken cancellationToken = default) => api.GetAsync<List<UserInfo>>("api/admin/users", cancellationToken);

    public Task<UserInfo> SaveUserAsync(NewUser user, CancellationToken cancellationToken = default) =>
        api.WriteAsync<UserInfo>(HttpMethod.Post, "api/admin/users", user, cancellationToken);
}
