using CrmReco.Core.Storage;

namespace CrmReco.Core.Tests.Sql;

public sealed class SqlReadingTests
{
    [Theory]
    [InlineData("2026-10-30", 2026, 10, 30)]
    [InlineData("2024-02-29", 2024, 2, 29)]
    [InlineData("0001-01-01", 1, 1, 1)]
    [InlineData("2026-10-30 14:05:00", 2026, 10, 30)]
    [InlineData("2026-10-30T14:05:00Z", 2026, 10, 30)]
    public void ToDate_IsoText_GivesTheDate(string text, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), SqlReading.ToDate(text));

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("2025-02-29")]
    [InlineData("2026-13-01")]
    [InlineData("2026-1-05")]
    [InlineData("30/10/2026")]
    [InlineData("2026-10-3x")]
    [InlineData("")]
    public void ToDate_NotAnIsoDate_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => SqlReading.ToDate(text));
}
