namespace CrmReco.Core.Tests.Analytics;

/// <summary>Finds ../shared/data (the validation data sets beside the repository).</summary>
internal static class SharedData
{
    public static string Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { System.IO.Path.Combine(dir.FullName, "shared", "data"), System.IO.Path.Combine(dir.FullName, "..", "shared", "data") })
            {
                if (Directory.Exists(candidate))
                {
                    return System.IO.Path.Combine([candidate, .. parts]);
                }
            }
        }

        throw new DirectoryNotFoundException("../shared/data not found above " + AppContext.BaseDirectory + ": the validation data must sit beside the repository.");
    }
}
