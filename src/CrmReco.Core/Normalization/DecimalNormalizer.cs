using System.Globalization;
using System.Text;

namespace CrmReco.Core.Normalization;

/// <summary>
/// Numbers as French and English exports write them: "1 234,50", "1.234,50", "1,234.50", "1234.5", "12,5-",
/// with ordinary, non-breaking or narrow spaces as thousands separators and an optional € / EUR.
/// With a single separator: ',' is always the decimal comma (French); '.' is a decimal point unless it is
/// followed by exactly three digits and the number has other groups of three ("1.234.567"), so "12.500" is 12.5.
/// </summary>
public static class DecimalNormalizer
{
    private static readonly char[] Spaces = ['€', ' ', '\u00A0', '\u202F'];

    public static bool TryParse(string? raw, out decimal value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return false;
        }

        if (TryParseSimple(raw, out value) is { } simple)
        {
            return simple;
        }

        var sb = new StringBuilder(raw.Length);
        var negative = false;
        var text = raw.Trim();
        if (text.EndsWith("EUR", StringComparison.OrdinalIgnoreCase))
        {
            text = text[..^3].TrimEnd();
        }

        text = text.Trim(Spaces);
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
        if (!s.AsSpan().ContainsAnyInRange('0', '9'))
        {
            return false;
        }

        int lastComma = s.LastIndexOf(','), lastDot = s.LastIndexOf('.');
        char? decimalSeparator = (lastComma, lastDot) switch
        {
            ( < 0, < 0) => null,
            ( >= 0, >= 0) => lastComma > lastDot ? ',' : '.',
            ( >= 0, < 0) => s.AsSpan().Count(',') > 1 ? null : ',',
            _ => s.AsSpan().Count('.') > 1 ? null : '.',
        };
        string normalized;
        if (decimalSeparator is { } dec)
        {
            var thousands = dec == ',' ? '.' : ',';
            var index = s.LastIndexOf(dec);
            var integerPart = s[..index].Replace(thousands.ToString(), string.Empty, StringComparison.Ordinal);
            var fraction = s[(index + 1)..];
            if (s[..index].Contains(dec, StringComparison.Ordinal) || fraction.Contains(thousands, StringComparison.Ordinal)
                || !WellGrouped(s.AsSpan(0, index), thousands))
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
    private static bool WellGrouped(ReadOnlySpan<char> integerPart, char separator)
    {
        var first = integerPart.IndexOf(separator);
        if (first < 0)
        {
            return true;
        }

        if (first is < 1 or > 3)
        {
            return false;
        }

        var rest = integerPart[(first + 1)..];
        while (true)
        {
            var next = rest.IndexOf(separator);
            if ((next < 0 ? rest.Length : next) != 3)
            {
                return false;
            }

            if (next < 0)
            {
                return true;
            }

            rest = rest[(next + 1)..];
        }
    }

    /// <summary>The shape nearly every export cell has: an optional '-', ASCII digits and at most one ',' or '.'.
    /// Parsed from the same normalized text the general path would build ("5," → "5.0", ",5" → "0.5": the scale
    /// of the result is kept); null for any other shape.</summary>
    private static bool? TryParseSimple(string raw, out decimal value)
    {
        value = 0;
        var negative = raw[0] == '-';
        var text = raw.AsSpan(negative ? 1 : 0);
        if (text.IsEmpty || text.Length > 64)
        {
            return null;
        }

        var separator = -1;
        var digits = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (char.IsAsciiDigit(ch))
            {
                digits++;
            }
            else if (ch is ',' or '.' && separator < 0)
            {
                separator = i;
            }
            else
            {
                return null;
            }
        }

        if (digits == 0)
        {
            return null;
        }

        Span<char> buffer = stackalloc char[text.Length + 2];
        scoped ReadOnlySpan<char> normalized = text;
        if (separator >= 0)
        {
            var integer = text[..separator];
            var fraction = text[(separator + 1)..];
            var n = 0;
            if (integer.IsEmpty)
            {
                buffer[n++] = '0';
            }
            else
            {
                integer.CopyTo(buffer);
                n += integer.Length;
            }

            buffer[n++] = '.';
            if (fraction.IsEmpty)
            {
                buffer[n++] = '0';
            }
            else
            {
                fraction.CopyTo(buffer[n..]);
                n += fraction.Length;
            }

            normalized = buffer[..n];
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
