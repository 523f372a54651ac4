using System.Globalization;
using System.Text;

namespace CrmReco.Core.Tests.Normalization.Reference;

/// <summary>TextNormalizer as it was before the fast paths (main at 6e3bc3c), the reference of the differential tests.</summary>
internal static class ReferenceTextNormalizer
{
    private static readonly HashSet<string> NameParticles = new(StringComparer.Ordinal) { "de", "du", "des", "d", "la", "le", "von", "van", "der", "den" };

    private static readonly HashSet<string> CityParticles = new(StringComparer.Ordinal)
    {
        "de", "des", "du", "la", "le", "les", "sur", "sous", "en", "et", "lès", "aux", "au", "d", "l",
    };

    /// <summary>Trim, collapse inner whitespace, drop control characters, repair mojibake; empty → null.</summary>
    public static string? Clean(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var ch in ReferenceMojibakeRepair.Repair(text)!)
        {
            if (char.IsWhiteSpace(ch))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (char.IsControl(ch) || ch == '\uFEFF')
            {
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(ch);
        }

        return sb.Length == 0 ? null : sb.ToString();
    }

    /// <summary>"DUPONT" → "Dupont", "jean-pierre" → "Jean-Pierre", "DE LA FONTAINE" → "De la Fontaine"
    /// (particles lower-case unless first). Mixed-case input is trusted as written.</summary>
    public static string? PersonName(string? text) => Recase(Clean(text), NameParticles);

    /// <summary>"STRASBOURG" → "Strasbourg", "SAINT-DIE-DES-VOSGES" → "Saint-Die-des-Vosges".</summary>
    public static string? City(string? text) => Recase(Clean(text), CityParticles);

    /// <summary>A comparison key: lower case, accents and everything but letters and digits removed.</summary>
    public static string Key(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var ch in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetterOrDigit(ch) && CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(char.ToLowerInvariant(ch));
            }
        }

        return sb.ToString();
    }

    private static string? Recase(string? text, HashSet<string> particles)
    {
        if (text is null)
        {
            return null;
        }

        var letters = text.Where(char.IsLetter).ToArray();
        var allUpper = letters.Length > 0 && letters.All(char.IsUpper);
        var allLower = letters.Length > 0 && letters.All(char.IsLower);
        if (!allUpper && !allLower)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        var word = new StringBuilder();
        var wordIndex = 0;
        void Flush()
        {
            if (word.Length == 0)
            {
                return;
            }

            var lower = word.ToString().ToLowerInvariant();
            sb.Append(wordIndex > 0 && particles.Contains(lower)
                ? lower
                : char.ToUpperInvariant(lower[0]) + lower[1..]);
            word.Clear();
            wordIndex++;
        }

        foreach (var ch in text)
        {
            if (char.IsLetter(ch))
            {
                word.Append(ch);
            }
            else
            {
                Flush();
                sb.Append(ch);
            }
        }

        Flush();
        return sb.ToString();
    }
}
