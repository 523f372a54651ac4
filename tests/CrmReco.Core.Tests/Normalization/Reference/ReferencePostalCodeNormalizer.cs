namespace CrmReco.Core.Tests.Normalization.Reference;

/// <summary>PostalCodeNormalizer as it was before the fast paths (main at 6e3bc3c), the reference of the differential tests.</summary>
internal static class ReferencePostalCodeNormalizer
{
    public static bool IsFrance(string? country) =>
        string.IsNullOrWhiteSpace(country)
        || ReferenceTextNormalizer.Key(country) is "france" or "fr" or "fra" or "metropole";

    public static string? Normalize(string? raw, string? country = null)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var text = raw.Trim();
        if (!IsFrance(country))
        {
            return text.ToUpperInvariant();
        }

        if (text.EndsWith(".0", StringComparison.Ordinal) || text.EndsWith(",0", StringComparison.Ordinal))
        {
            text = text[..^2]; // 67000.0: a number cell from Excel
        }

        text = text.Replace(" ", string.Empty, StringComparison.Ordinal);
        if (!text.All(char.IsAsciiDigit))
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
