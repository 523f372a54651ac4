using CrmReco.Core.Normalization;

namespace CrmReco.Core.Tests.Normalization.Reference;

/// <summary>EmailNormalizer as it was before the fast paths (main at 6e3bc3c), the reference of the differential tests.</summary>
internal static class ReferenceEmailNormalizer
{
    public static EmailResult Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return new(null, false);
        }

        // Spaces first, then wrappers and "mailto:" until none is left: one pass can uncover another
        // ("mailto:<a@b.fr>", "a@b.fr,\n<"), and a second normalization must change nothing.
        var text = new string(raw.Where(c => !char.IsWhiteSpace(c)).ToArray());
        string previous;
        do
        {
            previous = text;
            text = text.Trim('<', '>', '"', '\'', ';', ',');
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

        var local = email[..at];
        var domain = email[(at + 1)..];
        if (local.Length > 64 || local.StartsWith('.') || local.EndsWith('.') || email.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        if (!local.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+/=?^_`{|}~.-".Contains(c, StringComparison.Ordinal)))
        {
            return false;
        }

        var labels = domain.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length == 0 || l.StartsWith('-') || l.EndsWith('-')
            || !l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            return false;
        }

        var tld = labels[^1];
        return tld.Length >= 2 && tld.All(char.IsAsciiLetter);
    }
}
