using System.Buffers;

namespace CrmReco.Core.Normalization;

/// <summary>A normalized email and whether it can be used to send (a bad one is kept, flagged).</summary>
public readonly record struct EmailResult(string? Email, bool IsValid);

/// <summary>Emails: trimmed, "mailto:", brackets, quotes and inner spaces removed, lower-cased, validated.</summary>
public static class EmailNormalizer
{
    private static readonly char[] Wrappers = ['<', '>', '"', '\'', ';', ','];
    private static readonly SearchValues<char> LocalChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~.-");

    private static readonly SearchValues<char> LabelChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");

    // Printable ASCII but the space, the wrappers and the upper case: an email already as Normalize leaves it.
    private static readonly SearchValues<char> PlainChars =
        SearchValues.Create("!#$%&()*+-./0123456789:=?@[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    public static EmailResult Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return new(null, false);
        }

        if (IsPlain(raw))
        {
            return new(raw, IsValid(raw));
        }

        // Spaces first, then wrappers and "mailto:" until none is left: one pass can uncover another
        // ("mailto:<a@b.fr>", "a@b.fr,\n<"), and a second normalization must change nothing.
        var text = RemoveWhiteSpace(raw);
        string previous;
        do
        {
            previous = text;
            text = text.Trim(Wrappers);
            if (text.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            {
                text = text[7..];
            }
        }
        while (text != previous);

        text = text.ToLowerInvariant();
        return text.Length == 0 ? new(null, false) : new(text, IsValid(text));
    }

    /// <summary>A pragmatic check, not RFC 5322: local@domain.tld with usual characters.</summary>
    public static bool IsValid(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != email.LastIndexOf('@') || email.Length > 254)
        {
            return false;
        }

        var local = email.AsSpan(0, at);
        var domain = email.AsSpan(at + 1);
        if (local.Length > 64 || local[0] == '.' || local[^1] == '.' || email.Contains("..", StringComparison.Ordinal)
            || local.ContainsAnyExcept(LocalChars))
        {
            return false;
        }

        // Labels separated by dots, at least two: none empty, none starting or ending with '-'.
        if (!domain.Contains('.'))
        {
            return false;
        }

        var tld = ReadOnlySpan<char>.Empty;
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.IsEmpty || label[0] == '-' || label[^1] == '-' || label.ContainsAnyExcept(LabelChars))
            {
                return false;
            }

            tld = label;
        }

        return IsAsciiLetters(tld);
    }

    /// <summary>A top-level domain: two ASCII letters or more.</summary>
    private static bool IsAsciiLetters(ReadOnlySpan<char> text)
    {
        if (text.Length < 2)
        {
            return false;
        }

        foreach (var ch in text)
        {
            if (!char.IsAsciiLetter(ch))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Nothing for <see cref="Normalize"/> to remove or lower-case: no white space, no upper case, no
    /// non-ASCII character, no wrapper at either end, no "mailto:".</summary>
    private static bool IsPlain(string raw) =>
        !raw.AsSpan().ContainsAnyExcept(PlainChars) && !raw.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);

    private static string RemoveWhiteSpace(string raw)
    {
        var count = 0;
        foreach (var ch in raw)
        {
            count += char.IsWhiteSpace(ch) ? 0 : 1;
        }

        if (count == raw.Length)
        {
            return raw;
        }

        return string.Create(count, raw, static (destination, source) =>
        {
            var n = 0;
            foreach (var ch in source)
            {
                if (!char.IsWhiteSpace(ch))
                {
                    destination[n++] = ch;
                }
            }
        });
    }
}
