namespace CrmReco.Api.Demo;

/// <summary>Runs analytics and recommendations once when the database has none (placeholder until the jobs land).</summary>
internal static class DemoScoring
{
    public static Task EnsureScoredAsync(string connectionString, TimeProvider time, ILogger logger) => Task.CompletedTask;
}
