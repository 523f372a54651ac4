using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CrmReco.Web.Api;
using CrmReco.Web.Auth;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CrmReco.Web.Tests.Components;

/// <summary>A bUnit context with the dashboard's services, in French unless told otherwise, signed in with a role,
/// and, for the pages that read the API, canned answers (<see cref="UseCannedApi"/>).</summary>
public abstract class DashboardTestContext : BunitContext
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected DashboardTestContext(string culture = "fr-FR")
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(Layout.Toasts.Configure);
        Services.AddLocalization();
        Services.AddCrmRecoWeb(new Uri("http://localhost/"));
    }

    /// <summary>The API's answers by path (or path and query), serialized as the API would; see <see cref="UseCannedApi"/>.</summary>
    protected Dictionary<string, object> Answers { get; } = new(StringComparer.Ordinal);

    protected SessionState SignIn(string role)
    {
        var session = Services.GetRequiredService<SessionState>();
        session.Start(new SessionInfo("marie@domaine.fr", role, "Cookies", "token"));
        return session;
    }

    /// <summary>The typed clients talk to <see cref="Answers"/> instead of a server.</summary>
    protected void UseCannedApi() =>
        Services.AddSingleton(new HttpClient(new CannedHandler(Answers)) { BaseAddress = new Uri("http://localhost/") });

    /// <summary>Answers each request with the JSON of the object registered for its path and query, or else for its
    /// path; anything else is a 404.</summary>
    private sealed class CannedHandler(Dictionary<string, object> answers) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            var response = answers.TryGetValue(uri.PathAndQuery, out var body) || answers.TryGetValue(uri.AbsolutePath, out body)
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(JsonSerializer.Serialize(body, body.GetType(), Json), Encoding.UTF8, "application/json") }
                : new HttpResponseMessage(HttpStatusCode.NotFound);
            return Task.FromResult(response);
        }
    }
}
