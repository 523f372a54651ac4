using CrmReco.Core.Dashboard;

namespace CrmReco.Core.Tests.Dashboard;

public sealed class PageRequestTests
{
    [Theory]
    [InlineData(-1, 50, "offset must be 0 or more.")]
    [InlineData(0, 0, "limit must be between 1 and 500.")]
    [InlineData(0, 501, "limit must be between 1 and 500.")]
    public void Constructor_OutOfBounds_RefusesWithTheRule(int offset, int limit, string message) =>
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => new PageRequest(offset, limit)).Message);

    [Fact]
    public void Constructor_InBounds_KeepsTheValues()
    {
        var page = new PageRequest(10, 500, "-clv");
        Assert.Equal((10, 500, "-clv"), (page.Offset, page.Limit, page.Sort));
    }
}
