using System.Net;
using System.Text;
using System.Text.Json;
using CrmReco.Web.Pages;
using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Web.Tests.Components;

/// <summary>The admin page over canned API answers: the users tab's "sign out everywhere".</summary>
public sealed class AdminPageTests : DashboardTestContext, IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly List<string> _writes = [];

    public AdminPageTests()
    {
        Services.AddSingleton(new HttpClient(new Handler(_writes)) { BaseAddress = new Uri("http://localhost/") });
    }

    [Fact]
    public void Users_SignOutEverywhere_PostsForThatUserAndSaysSo()
    {
        SignIn(RoleNames.Admin);
        var page = Render<AdminPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid^=user-sign-out-]").Count));
        var button = page.Find("[data-testid=user-sign-out-7]");
        Assert.Equal("Déconnecter partout", button.TextContent.Trim());

        button.Click();

        page.WaitForAssertion(() => Assert.Equal(["POST /api/admin/users/7/sign-out"], _writes));
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor's services dispose only asynchronously.</summary>
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private sealed class Handler(List<string> writes) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (request.Method != HttpMethod.Get)
            {
                writes.Add($"{request.Method} {path}");
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));
            }

            object? body = path switch
            {
                "/api/admin/users" => new[]
                {
                    new UserInfo(7, "claire@domaine.fr", RoleNames.Marketing, false, DateTimeOffset.UnixEpoch, null),
                    new UserInfo(8, "paul@domaine.fr", RoleNames.Viewer, false, DateTimeOffset.UnixEpoch, null),
                },
                "/api/admin/api-keys" => Array.Empty<ApiKeyInfo>(),
                "/api/jobs" => Array.Empty<JobInfo>(),
                "/api/admin/audit" => new Page<AuditEntry>([], 0, 0, 200),
                _ => null,
            };
            return Task.FromResult(body is null
                ? new HttpResponseMessage(HttpStatusCode.NotFound)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(JsonSerializer.Serialize(body, body.GetType(), Json), Encoding.UTF8, "application/json") });
        }
    }
}
