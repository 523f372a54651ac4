using System.Globalization;

namespace CrmReco.Core.Normalization;

/// <summary>Dates as French exports write them: dd/mm/yyyy (day first, always), yyyy-mm-dd, two-digit years,
/// '.' or '-' separators, an optional time part, and Excel serial numbers.</summary>
public static class DateNormalizer
{
    private const int MinYear = 1990;
    private const int MaxYear = 2100;

    // Excel's day 0 is 1899-12-30 once its fictitious 1900-02-29 is accounted for.
    private static readonly DateOnly ExcelEpoch = new(1899, 12, 30);
    private static readonly char[] TimeStarts = [' ', 'T'];
    private static readonly char[] Separators = ['/', '.', '-'];

    public static bool TryParse(string? raw, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return false;
        }

        if (TryParseSimple(raw, out date) is { } simple)
        {
            return simple;
        }

        var text = raw.Trim();
        var space = text.IndexOfAny(TimeStarts);
        if (space > 0)
        {
            text = text[..space]; // "05/03/2024 10:12", "2024-03-05T00:00:00"
        }

        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var serial)
            && !text.Contains('/', StringComparison.Ordinal) && !text.Contains('-', StringComparison.Ordinal))
        {
            return TryFromExcelSerial(serial, out date);
        }

        var parts = text.Split(Separators);
        if (parts.Length != 3)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length == 0 || part.AsSpan().ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }
        }

        // A group too long for an int ("9999999999/1/1") is not a date: refused like any other, not thrown.
        return int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var c)
            && TryCompose(a, b, c, parts[0].Length, parts[2].Length, out date);
    }

    private static bool TryCompose(int a, int b, int c, int firstLength, int lastLength, out DateOnly date)
    {
        date = default;
        int year, month, day;
        if (firstLength == 4)
        {
            (year, month, day) = (a, b, c);
        }
        else if (lastLength is 4 or 2)
        {
            (day, month, year) = (a, b, lastLength == 2 ? 2000 + c : c);
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

    /// <summary>The usual cell, "27/12/2025", "2025-12-27" or either with a time after a space or 'T': three groups
    /// of at most four digits between '/', '.' or '-'. Null for any other shape (Excel serials included).</summary>
    private static bool? TryParseSimple(string raw, out DateOnly date)
    {
        date = default;
        var text = raw.AsSpan();
        if (char.IsWhiteSpace(text[0]) || text[0] == 'T')
        {
            return null;
        }

        var time = text.IndexOfAny(' ', 'T');
        if (time > 0)
        {
            text = text[..time];
        }

        Span<int> values = stackalloc int[3];
        Span<int> lengths = stackalloc int[3];
        var group = 0;
        foreach (var ch in text)
        {
            if (char.IsAsciiDigit(ch))
            {
                if (lengths[group] == 4)
                {
                    return null;
                }

                values[group] = values[group] * 10 + (ch - '0');
                lengths[group]++;
            }
            else if (ch is '/' or '.' or '-' && lengths[group] > 0 && group < 2)
            {
                group++;
            }
            else
            {
                return null;
            }
        }

        if (group != 2 || lengths[2] == 0)
        {
            return null;
        }

        return TryCompose(values[0], values[1], values[2], lengths[0], lengths[2], out date);
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
