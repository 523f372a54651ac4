using CrmReco.Web;
using CrmReco.Web.Api;
using CrmReco.Web.Localization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using MudBlazor.Services;

// The dashboard: served by the API host at /, talks only to /api on the same origin (cookie session).
var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");
builder.Services.AddMudServices(CrmReco.Web.Layout.Toasts.Configure);
builder.Services.AddLocalization();
builder.Services.AddCrmRecoWeb(new Uri(builder.HostEnvironment.BaseAddress));
var host = builder.Build();
await host.Services.GetRequiredService<CultureSelector>().ApplyStoredCultureAsync();
await host.RunAsync();
