using System.Globalization;
using System.Text;

namespace CrmReco.Core.Tests.Normalization.Reference;

/// <summary>DecimalNormalizer as it was before the fast paths (main at 6e3bc3c), the reference of the differential tests.</summary>
internal static class ReferenceDecimalNormalizer
{
    public static bool TryParse(string? raw, out decimal value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return false;
        }

        var sb = new StringBuilder(raw.Length);
        var negative = false;
        var text = raw.Trim();
        if (text.EndsWith("EUR", StringComparison.OrdinalIgnoreCase))
        {
            text = text[..^3].TrimEnd();
        }

        text = text.Trim('€', ' ', '\u00A0', '\u202F');
        if (text.StartsWith('(') && text.EndsWith(')'))
        {
            negative = true;
            text = text[1..^1];
        }

        if (text.EndsWith('-'))
        {
            negative = !negative;
            text = text[..^1];
        }
        else if (text.StartsWith('-'))
        {
            negative = !negative;
            text = text[1..];
        }
        else if (text.StartsWith('+'))
        {
            text = text[1..];
        }

        foreach (var ch in text)
        {
            if (ch is ' ' or '\u00A0' or '\u202F' or '\'' or '€')
            {
                continue;
            }

            if (!char.IsAsciiDigit(ch) && ch is not ',' and not '.')
            {
                return false;
            }

            sb.Append(ch);
        }

        var s = sb.ToString();
        if (s.Length == 0 || !s.Any(char.IsAsciiDigit))
        {
            return false;
        }

        int lastComma = s.LastIndexOf(','), lastDot = s.LastIndexOf('.');
        char? decimalSeparator = (lastComma, lastDot) switch
        {
            ( < 0, < 0) => null,
            ( >= 0, >= 0) => lastComma > lastDot ? ',' : '.',
            ( >= 0, < 0) => s.Count(c => c == ',') > 1 ? null : ',',
            _ => s.Count(c => c == '.') > 1 ? null : '.',
        };
        string normalized;
        if (decimalSeparator is { } dec)
        {
            var thousands = dec == ',' ? '.' : ',';
            var index = s.LastIndexOf(dec);
            var integerPart = s[..index].Replace(thousands.ToString(), string.Empty, StringComparison.Ordinal);
            var fraction = s[(index + 1)..];
            if (s[..index].Contains(dec, StringComparison.Ordinal) || fraction.Contains(thousands, StringComparison.Ordinal)
                || !WellGrouped(s[..index], thousands))
            {
                return false;
            }

            normalized = (integerPart.Length == 0 ? "0" : integerPart) + "." + (fraction.Length == 0 ? "0" : fraction);
        }
        else
        {
            // Several identical separators: thousands groups ("1.234.567", "1,234,567").
            if (!WellGrouped(s, lastComma >= 0 ? ',' : '.'))
            {
                return false;
            }

            normalized = s.Replace(",", string.Empty, StringComparison.Ordinal).Replace(".", string.Empty, StringComparison.Ordinal);
        }

        if (!decimal.TryParse(normalized, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        if (negative)
        {
            value = -value;
        }

        return true;
    }

    /// <summary>Thousands groups are 1–3 digits, then exactly 3: "1.234.567" yes, "12,5,3" no.</summary>
    private static bool WellGrouped(string integerPart, char separator)
    {
        var groups = integerPart.Split(separator);
        return groups.Length == 1 || (groups[0].Length is >= 1 and <= 3 && groups.Skip(1).All(g => g.Length == 3));
    }

    public static bool TryParseInt(string? raw, out int value)
    {
        value = 0;
        if (!TryParse(raw, out var d) || d != decimal.Truncate(d) || d is > int.MaxValue or < int.MinValue)
        {
            return false;
        }

        value = (int)d;
        return true;
    }
}
