using CrmReco.Api;

// The minimal API behind the dashboard and scripts. `--demo` loads the sample estate and prints a demo login.
var builder = WebApplication.CreateBuilder(ApiSetup.Options(args));
builder.AddCrmRecoApi(args);
var app = builder.Build();
app.UseCrmRecoApi();
await app.PrepareAsync();
await app.RunAsync();

/// <summary>Entry point, public for WebApplicationFactory-based tests.</summary>
public partial class Program;
