namespace CrmReco.Core.Tests.Analytics;

/// <summary>The small validation data vendored in tests/data (copied next to the test binaries as TestData/).</summary>
internal static class SharedData
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);
}
