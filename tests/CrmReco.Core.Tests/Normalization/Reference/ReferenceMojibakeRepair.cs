using System.Text;

namespace CrmReco.Core.Tests.Normalization.Reference;

/// <summary>MojibakeRepair as it was before the fast paths (main at 6e3bc3c), the reference of the differential tests.</summary>
internal static class ReferenceMojibakeRepair
{
    private static readonly Encoding Cp1252;
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    static ReferenceMojibakeRepair()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Cp1252 = Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    /// <summary>Windows-1252, registered once for the whole library.</summary>
    public static Encoding Windows1252 => Cp1252;

    public static string? Repair(string? text)
    {
        if (text is null)
        {
            return null;
        }

        for (var pass = 0; pass < 2 && LooksBroken(text); pass++)
        {
            try
            {
                text = StrictUtf8.GetString(Cp1252.GetBytes(text));
            }
            catch (Exception ex) when (ex is EncoderFallbackException or DecoderFallbackException or ArgumentException)
            {
                break;
            }
        }

        return text;
    }

    // A UTF-8 lead byte for Latin-1 supplement letters (C2/C3) or general punctuation (E2) shown as cp1252.
    private static bool LooksBroken(string text)
    {
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (text[i] is 'Ã' or 'Â' or 'â' && (text[i + 1] >= '\u0080' || text[i + 1] is '\u20AC' or '\u2018' or '\u2019' or '\u201C' or '\u201D' or '\u0160' or '\u0161' or '\u017D' or '\u0178'))
            {
                return true;
            }
        }

        return false;
    }
}
