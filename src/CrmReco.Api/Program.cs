using CrmReco.Api;

// The minimal API behind the dashboard and scripts. `--demo` loads the sample estate and prints a demo login.
// `--demo` is our switch, not a configuration key: left to the command-line configuration it would take the next
// argument as its value (`--demo --urls http://…` would lose the URL).
var builder = WebApplication.CreateBuilder(args.Where(arg => arg != "--demo").ToArray());
builder.AddCrmRecoApi(args);
var app = builder.Build();
app.UseCrmRecoApi();
await app.PrepareAsync();
await app.RunAsync();

/// <summary>Entry point, public for WebApplicationFactory-based tests.</summary>
public partial class Program;
