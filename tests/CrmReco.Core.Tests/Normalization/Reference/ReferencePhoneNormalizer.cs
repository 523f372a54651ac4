namespace CrmReco.Core.Tests.Normalization.Reference;

/// <summary>PhoneNormalizer as it was before the fast paths (main at 6e3bc3c), the reference of the differential tests.</summary>
internal static class ReferencePhoneNormalizer
{
    public static string? ToE164(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var text = raw.Trim();
        var international = text.StartsWith('+');
        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        if (text.Any(c => char.IsLetter(c)) || digits.Length == 0)
        {
            return null;
        }

        if (!international && digits.StartsWith("00", StringComparison.Ordinal))
        {
            international = true;
            digits = digits[2..];
        }

        if (international || (digits.Length == 11 && digits.StartsWith("33", StringComparison.Ordinal)))
        {
            // "+33 (0)6 …" keeps a trunk zero that E.164 drops.
            if (digits.StartsWith("330", StringComparison.Ordinal) && digits.Length == 12)
            {
                digits = "33" + digits[3..];
            }

            if (digits.StartsWith("33", StringComparison.Ordinal))
            {
                return digits.Length == 11 && digits[2] != '0' ? "+" + digits : null;
            }

            return digits.Length is >= 8 and <= 15 && digits[0] != '0' ? "+" + digits : null;
        }

        if (digits.Length == 10 && digits[0] == '0' && digits[1] != '0')
        {
            return "+33" + digits[1..];
        }

        // Excel dropped the leading zero: "612345678".
        return digits.Length == 9 && digits[0] != '0' ? "+33" + digits : null;
    }
}
