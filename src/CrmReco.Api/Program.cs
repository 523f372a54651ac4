// The minimal API host for the dashboard. Its endpoints arrive with the "Hosts" issue; for now it answers
// liveness so deployments and the test suite can check that it starts.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" }));

app.Run();

/// <summary>Entry point, public for WebApplicationFactory-based tests.</summary>
public partial class Program;
