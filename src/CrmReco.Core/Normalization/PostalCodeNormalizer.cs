using System.Text;

namespace CrmReco.Core.Normalization;

/// <summary>Postal codes: French ones are five digits, restored when Excel stripped the leading zero.</summary>
public static class PostalCodeNormalizer
{
    public static bool IsFrance(string? country)
    {
        if (string.IsNullOrWhiteSpace(country))
        {
            return true;
        }

        if (country.Length <= 64 && Ascii.IsValid(country))
        {
            Span<char> buffer = stackalloc char[country.Length];
            return buffer[..TextNormalizer.AsciiKey(country, buffer)] is "france" or "fr" or "fra" or "metropole";
        }

        return TextNormalizer.Key(country) is "france" or "fr" or "fra" or "metropole";
    }

    public static string? Normalize(string? raw, string? country = null)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var france = IsFrance(country);
        if (france && raw.Length == 5 && !raw.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return raw; // the usual cell: already five digits
        }

        var text = raw.Trim();
        if (!france)
        {
            return text.ToUpperInvariant();
        }

        if (text.EndsWith(".0", StringComparison.Ordinal) || text.EndsWith(",0", StringComparison.Ordinal))
        {
            text = text[..^2]; // 67000.0: a number cell from Excel
        }

        text = text.Replace(" ", string.Empty, StringComparison.Ordinal);
        if (text.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return null;
        }

        return text.Length switch
        {
            5 => text,
            4 => "0" + text,
            _ => null,
        };
    }
}
