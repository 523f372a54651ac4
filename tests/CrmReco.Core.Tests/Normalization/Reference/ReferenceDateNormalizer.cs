using System.Globalization;

namespace CrmReco.Core.Tests.Normalization.Reference;

/// <summary>DateNormalizer as it was before the fast paths (main at 6e3bc3c), the reference of the differential tests.</summary>
internal static class ReferenceDateNormalizer
{
    private const int MinYear = 1990;
    private const int MaxYear = 2100;

    // Excel's day 0 is 1899-12-30 once its fictitious 1900-02-29 is accounted for.
    private static readonly DateOnly ExcelEpoch = new(1899, 12, 30);

    public static bool TryParse(string? raw, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return false;
        }

        var text = raw.Trim();
        var space = text.IndexOfAny([' ', 'T']);
        if (space > 0)
        {
            text = text[..space]; // "05/03/2024 10:12", "2024-03-05T00:00:00"
        }

        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var serial)
            && !text.Contains('/', StringComparison.Ordinal) && !text.Contains('-', StringComparison.Ordinal))
        {
            return TryFromExcelSerial(serial, out date);
        }

        var parts = text.Split(['/', '.', '-']);
        if (parts.Length != 3 || parts.Any(p => p.Length == 0 || !p.All(char.IsAsciiDigit)))
        {
            return false;
        }

        int a = int.Parse(parts[0], CultureInfo.InvariantCulture);
        int b = int.Parse(parts[1], CultureInfo.InvariantCulture);
        int c = int.Parse(parts[2], CultureInfo.InvariantCulture);
        int year, month, day;
        if (parts[0].Length == 4)
        {
            (year, month, day) = (a, b, c);
        }
        else if (parts[2].Length is 4 or 2)
        {
            (day, month, year) = (a, b, parts[2].Length == 2 ? 2000 + c : c);
        }
        else
        {
            return false;
        }

        if (year is < MinYear or > MaxYear || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryFromExcelSerial(double serial, out DateOnly date)
    {
        date = default;
        // 32874 = 1990-01-01, 73415 = 2100-12-31: outside that a number is not a plausible sale date.
        if (serial is < 32874 or > 73415)
        {
            return false;
        }

        date = ExcelEpoch.AddDays((int)Math.Floor(serial));
        return true;
    }

    /// <summary>The canonical text of a date (ISO 8601), which <see cref="TryParse"/> reads back unchanged.</summary>
    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
