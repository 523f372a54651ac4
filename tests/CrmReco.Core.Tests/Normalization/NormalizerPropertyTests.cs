using System.Globalization;
using CrmReco.Core.Normalization;
using FsCheck;
using FsCheck.Xunit;

namespace CrmReco.Core.Tests.Normalization;

/// <summary>Every normalizer is total (never throws) and idempotent, on arbitrary input.</summary>
public sealed class NormalizerPropertyTests
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    [Property(MaxTest = 500)]
    public void AllNormalizers_ArbitraryText_NeverThrow(string? text)
    {
        DateNormalizer.TryParse(text, out _);
        DecimalNormalizer.TryParse(text, out _);
        DecimalNormalizer.TryParseInt(text, out _);
        EmailNormalizer.Normalize(text);
        PhoneNormalizer.ToE164(text);
        PostalCodeNormalizer.Normalize(text, null);
        PostalCodeNormalizer.Normalize(text, text);
        TextNormalizer.Clean(text);
        TextNormalizer.PersonName(text);
        TextNormalizer.City(text);
        MojibakeRepair.Repair(text);
        DocumentTypeNormalizer.TryParse(text, out _);
        ProductLabelParser.Parse(text, text);
    }

    [Property(MaxTest = 500)]
    public bool Email_IsIdempotent(string? text)
    {
        var once = EmailNormalizer.Normalize(text);
        return EmailNormalizer.Normalize(once.Email) == once;
    }

    [Property(MaxTest = 500)]
    public bool Phone_IsIdempotent(string? text)
    {
        var once = PhoneNormalizer.ToE164(text);
        return once is null || PhoneNormalizer.ToE164(once) == once;
    }

    [Property(MaxTest = 500)]
    public bool PostalCode_IsIdempotent(string? text, bool france)
    {
        var country = france ? null : "Belgique";
        var once = PostalCodeNormalizer.Normalize(text, country);
        return once is null || PostalCodeNormalizer.Normalize(once, country) == once;
    }

    [Property(MaxTest = 500)]
    public bool Text_CleanNameCityRepair_AreIdempotent(string? text) =>
        TextNormalizer.Clean(TextNormalizer.Clean(text)) == TextNormalizer.Clean(text)
        && TextNormalizer.PersonName(TextNormalizer.PersonName(text)) == TextNormalizer.PersonName(text)
        && TextNormalizer.City(TextNormalizer.City(text)) == TextNormalizer.City(text);

    [Property(MaxTest = 500)]
    public bool Mojibake_OfAnyText_IsRepairedBack(NonNull<string> text)
    {
        // Any text that survives cp1252, once mangled (its UTF-8 bytes read as cp1252), comes back.
        var original = text.Get;
        if (original.Any(c => c is 'Ã' or 'Â' or 'â' || c > '\u00FF' || char.IsControl(c)))
        {
            return true;
        }

        string mangled;
        try
        {
            mangled = MojibakeRepair.Windows1252.GetString(System.Text.Encoding.UTF8.GetBytes(original));
        }
        catch (System.Text.DecoderFallbackException)
        {
            return true; // bytes cp1252 leaves undefined (0x81, 0x8D…): not a mojibake an export can contain
        }

        return MojibakeRepair.Repair(mangled) == original;
    }

    [Property(MaxTest = 500)]
    public bool Decimal_InvariantAndFrenchFormats_RoundTrip(decimal value)
    {
        var rounded = Math.Round(value, 2);
        return DecimalNormalizer.TryParse(value.ToString(CultureInfo.InvariantCulture), out var a) && a == value
            && DecimalNormalizer.TryParse(rounded.ToString("N2", French), out var b) && b == rounded
            && DecimalNormalizer.TryParse(rounded.ToString("N2", CultureInfo.GetCultureInfo("en-US")), out var c) && c == rounded;
    }

    [Property(MaxTest = 500)]
    public bool Date_IsoAndFrenchFormats_RoundTrip(int offset)
    {
        var date = new DateOnly(1990, 1, 1).AddDays(Math.Abs(offset % 40_000));
        return DateNormalizer.TryParse(DateNormalizer.Format(date), out var a) && a == date
            && DateNormalizer.TryParse(date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), out var b) && b == date;
    }
}
