using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace CrmReco.Core.Normalization;

/// <summary>Free text, person names and cities: trimmed, whitespace collapsed, mojibake repaired, casing fixed
/// where the export shouted (ALL CAPS) or whispered (all lower case).</summary>
public static class TextNormalizer
{
    private static readonly HashSet<string> NameParticles = new(StringComparer.Ordinal) { "de", "du", "des", "d", "la", "le", "von", "van", "der", "den" };

    private static readonly HashSet<string> CityParticles = new(StringComparer.Ordinal)
    {
        "de", "des", "du", "la", "le", "les", "sur", "sous", "en", "et", "lès", "aux", "au", "d", "l",
    };

    // An export repeats a few thousand cities and names on every line: recase each distinct value once.
    private static readonly BoundedMemo CityMemo = new(20_000);
    private static readonly BoundedMemo PersonNameMemo = new(20_000);

    /// <summary>Trim, collapse inner whitespace, drop control characters, repair mojibake; empty → null.</summary>
    public static string? Clean(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (IsClean(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var ch in MojibakeRepair.Repair(text)!)
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
    public static string? PersonName(string? text) => PersonNameMemo.GetOrAdd(text, static t => Recase(Clean(t), NameParticles));

    /// <summary>"STRASBOURG" → "Strasbourg", "SAINT-DIE-DES-VOSGES" → "Saint-Die-des-Vosges".</summary>
    public static string? City(string? text) => CityMemo.GetOrAdd(text, static t => Recase(Clean(t), CityParticles));

    /// <summary>A comparison key: lower case, accents and everything but letters and digits removed.</summary>
    public static string Key(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (Ascii.IsValid(text))
        {
            // Nothing to decompose in ASCII, and its letters and digits are all that is kept.
            Span<char> buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
            var length = AsciiKey(text, buffer);
            return length == 0 ? string.Empty : new string(buffer[..length]);
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

    /// <summary><see cref="Key"/> of ASCII text, written into <paramref name="destination"/> (as long as the
    /// text); returns its length.</summary>
    internal static int AsciiKey(ReadOnlySpan<char> text, Span<char> destination)
    {
        var length = 0;
        foreach (var ch in text)
        {
            if (char.IsAsciiLetterOrDigit(ch))
            {
                destination[length++] = char.IsAsciiLetterUpper(ch) ? (char)(ch + ('a' - 'A')) : ch;
            }
        }

        return length;
    }

    /// <summary>True when <see cref="Clean"/> would return the same text: no white space but single inner spaces,
    /// no control character or BOM, nothing <see cref="MojibakeRepair"/> acts on.</summary>
    private static bool IsClean(string text)
    {
        var span = text.AsSpan();
        if (span.IsEmpty || span[0] == ' ' || span[^1] == ' ' || span.Contains("  ", StringComparison.Ordinal))
        {
            return false;
        }

        if (!span.ContainsAnyExceptInRange(' ', '~'))
        {
            return true; // printable ASCII: no mojibake either
        }

        foreach (var ch in span)
        {
            if (ch != ' ' && (char.IsWhiteSpace(ch) || char.IsControl(ch) || ch == '\uFEFF'))
            {
                return false;
            }
        }

        return !MojibakeRepair.LooksBroken(text);
    }

    private static string? Recase(string? text, HashSet<string> particles)
    {
        if (text is null)
        {
            return null;
        }

        bool anyLetter = false, allUpper = true, allLower = true;
        foreach (var ch in text)
        {
            if (char.IsLetter(ch))
            {
                anyLetter = true;
                allUpper &= char.IsUpper(ch);
                allLower &= char.IsLower(ch);
            }
        }

        if (!anyLetter || (!allUpper && !allLower))
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

    /// <summary>Results per distinct input, up to a bound, safe from several threads.</summary>
    private sealed class BoundedMemo(int capacity)
    {
        private readonly ConcurrentDictionary<string, string?> _values = new(StringComparer.Ordinal);
        private int _count;

        public string? GetOrAdd(string? text, Func<string, string?> compute)
        {
            if (text is null)
            {
                return null;
            }

            if (_values.TryGetValue(text, out var cached))
            {
                return cached;
            }

            var value = compute(text);
            if (Volatile.Read(ref _count) < capacity && _values.TryAdd(text, value))
            {
                Interlocked.Increment(ref _count);
            }

            return value;
        }
    }
}
