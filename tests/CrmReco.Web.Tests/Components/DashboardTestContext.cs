using System.Globalization;
using CrmReco.Web.Api;
using CrmReco.Web.Auth;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CrmReco.Web.Tests.Components;

/// <summary>A bUnit context with the dashboard's services, in French unless told otherwise, signed in with a role.</summary>
public abstract class DashboardTestContext : BunitContext
{
    protected DashboardTestContext(string culture = "fr-FR")
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddCrmRecoWeb(new Uri("http://localhost/"));
    }

    protected SessionState SignIn(string role)
    {
        var session = Services.GetRequiredService<SessionState>();
        session.Start(new SessionInfo("marie@domaine.fr", role, "Cookies", "token"));
        return session;
    }
}
