using System.Globalization;
using CrmReco.Core.Import;
using CrmReco.Core.Normalization;

namespace CrmReco.Core.Tests.Normalization;

public sealed class NormalizerTests
{
    [Theory]
    [InlineData("27/12/2025", 2025, 12, 27)]
    [InlineData("7/2/2024", 2024, 2, 7)]
    [InlineData("27.12.25", 2025, 12, 27)]
    [InlineData("27-12-2025", 2025, 12, 27)]
    [InlineData("2025-12-27", 2025, 12, 27)]
    [InlineData("2024-03-05T00:00:00", 2024, 3, 5)]
    [InlineData("05/03/2024 10:12", 2024, 3, 5)]
    [InlineData(" 05/03/2024 ", 2024, 3, 5)]
    [InlineData("45292", 2024, 1, 1)]
    [InlineData("45292.75", 2024, 1, 1)]
    [InlineData("29/02/2024", 2024, 2, 29)]
    public void DateTryParse_FrenchAndIsoAndExcel_ReturnsTheDay(string raw, int year, int month, int day)
    {
        Assert.True(DateNormalizer.TryParse(raw, out var date));
        Assert.Equal(new DateOnly(year, month, day), date);
    }

    [Theory]
    [InlineData("31/02/2024")]
    [InlineData("29/02/2023")]
    [InlineData("13/13/2024")]
    [InlineData("00/01/2024")]
    [InlineData("01/01/1850")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("12")]
    [InlineData("2024/13")]
    [InlineData("9999999999/1/1")]
    [InlineData("05/03/99999999999")]
    public void DateTryParse_ImpossibleOrGarbage_IsRefused(string? raw) => Assert.False(DateNormalizer.TryParse(raw, out _));

    [Theory]
    [InlineData("1 234,50", "1234.50")]
    [InlineData("1\u00A0234,50", "1234.50")]
    [InlineData("1\u202F234,50 €", "1234.50")]
    [InlineData("1.234,50", "1234.50")]
    [InlineData("1,234.50", "1234.50")]
    [InlineData("1234.5", "1234.5")]
    [InlineData("12,5", "12.5")]
    [InlineData("12.500", "12.5")]
    [InlineData("1.234.567", "1234567")]
    [InlineData("-12,5", "-12.5")]
    [InlineData("12,5-", "-12.5")]
    [InlineData("(8,00)", "-8")]
    [InlineData("+3", "3")]
    [InlineData("10 EUR", "10")]
    [InlineData(",5", "0.5")]
    public void DecimalTryParse_FrenchAndEnglish_ReturnsTheValue(string raw, string expected)
    {
        Assert.True(DecimalNormalizer.TryParse(raw, out var value));
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("12,5,3.2")]
    [InlineData("1.2,3.4")]
    [InlineData("€")]
    [InlineData("--")]
    public void DecimalTryParse_NotANumber_IsRefused(string? raw) => Assert.False(DecimalNormalizer.TryParse(raw, out _));

    [Theory]
    [InlineData(" Jean.Dupont@Example.COM ", "jean.dupont@example.com", true)]
    [InlineData("mailto:a.b@orange.fr", "a.b@orange.fr", true)]
    [InlineData("<a.b@orange.fr>", "a.b@orange.fr", true)]
    [InlineData("mailto:<a.b@orange.fr>", "a.b@orange.fr", true)]
    [InlineData("a.b@orange.fr,\n<", "a.b@orange.fr", true)]
    [InlineData("a,\n<", "a", false)]
    [InlineData("jean dupont@free.fr", "jeandupont@free.fr", true)]
    [InlineData("jean.dupont at free.fr", "jean.dupontatfree.fr", false)]
    [InlineData("jean@@free.fr", "jean@@free.fr", false)]
    [InlineData("jean@free", "jean@free", false)]
    [InlineData("jean..d@free.fr", "jean..d@free.fr", false)]
    [InlineData("jean@free.f", "jean@free.f", false)]
    public void EmailNormalize_KeepsInvalidOnesFlagged(string raw, string email, bool valid)
    {
        var result = EmailNormalizer.Normalize(raw);
        Assert.Equal(email, result.Email);
        Assert.Equal(valid, result.IsValid);
    }

    [Fact]
    public void EmailNormalize_Empty_IsNullAndInvalid() => Assert.Equal(new EmailResult(null, false), EmailNormalizer.Normalize("  "));

    [Theory]
    [InlineData("06 12 34 56 78", "+33612345678")]
    [InlineData("06.12.34.56.78", "+33612345678")]
    [InlineData("0612345678", "+33612345678")]
    [InlineData("+33 6 12 34 56 78", "+33612345678")]
    [InlineData("+33 (0)6 12 34 56 78", "+33612345678")]
    [InlineData("0033612345678", "+33612345678")]
    [InlineData("33612345678", "+33612345678")]
    [InlineData("612345678", "+33612345678")]
    [InlineData("03 88 12 34 56", "+33388123456")]
    [InlineData("+49 761 1234567", "+497611234567")]
    [InlineData("n/a", null)]
    [InlineData("12", null)]
    [InlineData("", null)]
    [InlineData("0012", null)]
    public void PhoneToE164_FrenchSpellings_AreUnified(string raw, string? expected) => Assert.Equal(expected, PhoneNormalizer.ToE164(raw));

    [Theory]
    [InlineData("67000", null, "67000")]
    [InlineData("6000", "France", "06000")]
    [InlineData("1000", "FR", "01000")]
    [InlineData("67000.0", null, "67000")]
    [InlineData(" 68 000 ", null, "68000")]
    [InlineData("670", null, null)]
    [InlineData("ABCDE", null, null)]
    [InlineData("1000", "Belgique", "1000")]
    [InlineData("sw1a 1aa", "Royaume-Uni", "SW1A 1AA")]
    public void PostalCodeNormalize_RestoresFrenchLeadingZero(string raw, string? country, string? expected) =>
        Assert.Equal(expected, PostalCodeNormalizer.Normalize(raw, country));

    [Theory]
    [InlineData("DUPONT", "Dupont")]
    [InlineData("jean-pierre", "Jean-Pierre")]
    [InlineData("o'neil", "O'Neil")]
    [InlineData("DE LA FONTAINE", "De la Fontaine")]
    [InlineData("McDonald", "McDonald")]
    [InlineData("  MÜLLER  ", "Müller")]
    public void PersonName_ShoutingOrWhispering_IsRecased(string raw, string expected) => Assert.Equal(expected, TextNormalizer.PersonName(raw));

    [Theory]
    [InlineData("STRASBOURG", "Strasbourg")]
    [InlineData("SAINT-DIE-DES-VOSGES", "Saint-Die-des-Vosges")]
    [InlineData("chalons-en-champagne", "Chalons-en-Champagne")]
    [InlineData("Ribeauvillé", "Ribeauvillé")]
    public void City_IsRecasedWithFrenchParticles(string raw, string expected) => Assert.Equal(expected, TextNormalizer.City(raw));

    [Theory]
    [InlineData("CrÃ©mant", "Crémant")]
    [InlineData("GewÃ¼rztraminer", "Gewürztraminer")]
    [InlineData("NÂ° piÃ¨ce", "N° pièce")]
    [InlineData("lâ€™abus", "l’abus")]
    [InlineData("CrÃƒÂ©mant", "Crémant")]
    [InlineData("Crémant", "Crémant")]
    [InlineData("Ã  bientôt", "Ã  bientôt")]
    [InlineData("plain", "plain")]
    public void MojibakeRepair_Utf8ReadAsCp1252_IsRepairedAndCorrectTextUntouched(string raw, string expected) =>
        Assert.Equal(expected, MojibakeRepair.Repair(raw));

    [Theory]
    [InlineData("  Crémant   d'Alsace \t Brut ", "Crémant d'Alsace Brut")]
    [InlineData("\uFEFFRiesling\u0001", "Riesling")]
    [InlineData("   ", null)]
    public void TextClean_TrimsCollapsesAndDropsControls(string raw, string? expected) => Assert.Equal(expected, TextNormalizer.Clean(raw));

    [Theory]
    [InlineData("VENTE", DocumentType.Sale)]
    [InlineData("Facture", DocumentType.Sale)]
    [InlineData("BL", DocumentType.Sale)]
    [InlineData("", DocumentType.Sale)]
    [InlineData("AVOIR", DocumentType.CreditNote)]
    [InlineData("Note de crédit", DocumentType.CreditNote)]
    public void DocumentType_KnownNames_AreMapped(string raw, DocumentType expected)
    {
        Assert.True(DocumentTypeNormalizer.TryParse(raw, out var type));
        Assert.Equal(expected, type);
    }

    [Fact]
    public void DocumentType_Unknown_IsRefused() => Assert.False(DocumentTypeNormalizer.TryParse("DEVIS", out _));
}
