namespace CrmReco.Worker;

/// <summary>`crmreco`: each verb runs one job once; `crmreco worker` runs them on schedules. A named class rather
/// than top-level statements, so the API (also a `Program`) can reference this project without a clash.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => Cli.RunAsync(args);
}
