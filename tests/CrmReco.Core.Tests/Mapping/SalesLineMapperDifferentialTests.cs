using System.Globalization;
using CrmReco.Core.Import;
using CrmReco.Core.Import.Mapping;
using CrmReco.Core.Import.Reading;
using CrmReco.Core.Tests.Mapping.Reference;

namespace CrmReco.Core.Tests.Mapping;

/// <summary>The sales mapper reads columns by position and over the fast normalizers: on random rows, through two
/// files' column maps used in turn, it must give the original's records (every field, decimal scales included) and
/// the original's reject reasons.</summary>
public sealed class SalesLineMapperDifferentialTests
{
    private static readonly string[] AllHeaders =
        ["Code client", "Date livraison", "Désignation", "Qté", "PU HT", "Montant HT", "Montant TTC", "Marge", "Type pièce", "N° pièce", "Code article", "E-mail", "CP", "Ville", "N° ligne"];

    private static readonly string[] FewHeaders = ["Ville", "Qté", "Date livraison", "N° pièce", "Code client", "Montant HT"];

    private static readonly string?[][] Values =
    [
        [null, "", " ", "C00007", " C001 ", "c 7", "\t"],
        [null, "", "06/01/2025", "2025-01-06", "45292", "31/02/2024", "06/01/25 10:00", "x"],
        [null, "Pinot Gris Réserve 2022", "CrÃ©mant d'Alsace Brut Carton de 6", "  Riesling  ", "Gewurztraminer VT 2018 50 cl"],
        [null, "", "1", "6", "-2", "2,5", "5,", ",5", "1 234,50", "abc", "12,5-", "(3)"],
        [null, "", "26,67", "12.500", "-0", "0,00", "1,234.56", "x"],
        [null, "", "26,67", "37,26", "(12,5)", "12,5 €", "1.234.567", "1.23.4"],
        [null, "", "32,00", "44,71", "-0,00", "79228162514264337593543950335"],
        [null, "", "9,33", "13,04", "-"],
        [null, "", "FACTURE", "AVOIR", "av", "BL", "Vente", "avoir ", "xyz"],
        [null, "", "FA-2025-000020", "  AV-1  ", "FA\u00A0001"],
        [null, "", "PG-VT-2018", "pg vt", "  A1 "],
        [null, "", "sophie.dubois16@gmail.com", " A@B.FR ", "mailto:a@b.fr", "bad@", "<x@y.fr>"],
        [null, "", "68100", "6000", "67000.0", "67 000", "2A004", "x"],
        [null, "", "Mulhouse", "STRASBOURG", "saint-dié-des-vosges", "AIX-EN-PROVENCE", "Nice"],
        [null, "", "1", "3", "2,0", "2,5", "-1", "x", "99999999999"],
    ];

    [Fact]
    public void Map_RandomRowsThroughTwoColumnMaps_MatchesOriginal()
    {
        var all = HeaderAliases.Default.Resolve(ExportKind.Sales, AllHeaders, "ventes.csv");
        var few = HeaderAliases.Default.Resolve(ExportKind.Sales, FewHeaders, "ventes2.csv");
        var random = new Random(1208);
        for (var i = 0; i < 20_000; i++)
        {
            var useAll = random.Next(3) != 0;
            var headers = useAll ? AllHeaders : FewHeaders;
            var fields = new string?[headers.Length];
            for (var f = 0; f < fields.Length; f++)
            {
                var choices = Values[Array.IndexOf(AllHeaders, headers[f])];
                fields[f] = choices[random.Next(choices.Length)];
            }

            var row = new RawRow(i + 2, fields);
            var columns = useAll ? all : few;
            Assert.Equal(Describe(ReferenceSalesLineMapper.Map(row, columns)), Describe(SalesLineMapper.Map(row, columns)));
        }
    }

    private static string Describe(MapResult<SalesLineRecord> result)
    {
        if (result.Record is not { } r)
        {
            return string.Join(" / ", result.Issues.Select(issue => $"{issue.Column}|{issue.RawValue ?? "<null>"}|{issue.Reason}"));
        }

        // Invariant text shows each decimal's scale ("12.500", "5.0") and sign ("-0").
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{r.CustomerCode}|{r.Date:yyyy-MM-dd}|{r.DocumentNo}|{r.DocumentType}|{r.LineNo}|{r.Article}|{r.Label}|{r.Quantity}|{r.Bottles}|{r.UnitPriceHt}|{r.AmountHt}|{r.AmountTtc}|{r.Margin}|{r.Email}|{r.PostalCode}|{r.City}|{r.SourceLine}");
    }
}
