using Microsoft.AspNetCore.Hosting.StaticWebAssets;

namespace CrmReco.Api.Dashboard;

/// <summary>Serves the dashboard (src/CrmReco.Web, Blazor WebAssembly) as static files at /: its assets and, for
/// any other path that is not the API's (/api, /docs, /health, /openapi), index.html, so /customers/C001 opens
/// in the browser. Anonymous: the login page must load before anyone signs in; the data stays behind /api.</summary>
public static class DashboardHosting
{

    /// <summary>Registers the route constraint the dashboard's fallback uses.</summary>
    public static IServiceCollection AddCrmRecoDashboard(this IServiceCollection services) =>
        services.Configure<RouteOptions>(o => o.SetParameterPolicy<NotApiConstraint>(NotApiConstraint.Name));

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        UseBuildOutputAssets(app.ServiceProvider);
        var environment = app.ServiceProvider.GetRequiredService<IWebHostEnvironment>();
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, environment.ApplicationName + ".staticwebassets.endpoints.json")))
        {
            app.MapStaticAssets().AllowAnonymous();
        }

        // An unknown /api/x stays an API answer (no endpoint: 401 anonymous, else 404), never the dashboard's page.
        app.MapFallbackToFile("{*path:" + NotApiConstraint.Name + ":nonfile}", "index.html").AllowAnonymous();
        return app;
    }

    /// <summary>Run from the build output (dotnet run, tests) rather than a publish folder, the dashboard's files
    /// stay in the projects' folders, listed by the static web assets manifest: use it in any environment
    /// (ASP.NET Core does so by itself only in Development).</summary>
    private static void UseBuildOutputAssets(IServiceProvider services)
    {
        var environment = services.GetRequiredService<IWebHostEnvironment>();
        var manifest = Path.Combine(AppContext.BaseDirectory, environment.ApplicationName + ".staticwebassets.runtime.json");
        if (!environment.IsDevelopment() && File.Exists(manifest) && !File.Exists(Path.Combine(environment.WebRootPath, "index.html")))
        {
            StaticWebAssetsLoader.UseStaticWebAssets(environment, services.GetRequiredService<IConfiguration>());
        }
    }
}

/// <summary>A path outside the API's prefixes (/api, /docs, /health, /openapi).</summary>
public sealed class NotApiConstraint : IRouteConstraint
{
    public const string Name = "notapi";
    private static readonly string[] Reserved = ["api", "docs", "health", "openapi"];

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        ArgumentNullException.ThrowIfNull(values);
        var path = values.TryGetValue(routeKey, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
        if (string.IsNullOrEmpty(path))
        {
            return true;
        }

        var first = path.Split('/', 2)[0];
        return !Reserved.Contains(first, StringComparer.OrdinalIgnoreCase);
    }
}
