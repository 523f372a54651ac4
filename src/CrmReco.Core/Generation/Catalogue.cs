using System.Globalization;

namespace CrmReco.Core.Generation;

/// <summary>A wine of the synthetic estate.</summary>
internal sealed record GeneratedProduct(
    string Article,
    string Label,
    string Variety,
    int? Vintage,
    string Family,
    string SubFamily,
    string Macro,
    decimal PriceTtc,
    string Tier,
    double Popularity)
{
    public string PriceBand => PriceTtc switch { < 10 => "< 10 €", < 20 => "10-20 €", < 35 => "20-35 €", _ => "> 35 €" };
}

/// <summary>The estate's catalogue: about 60 wines over the Alsace range, several vintages each.</summary>
internal static class Catalogue
{
    private static readonly (string Code, string Name, string Variety, string Family, string Sub, decimal Price, string Tier, int[] Vintages, double Popularity)[] Wines =
    [
        ("RIE", "Riesling", "Riesling", "Blanc", "Classique", 9.90m, "Classique", [2020, 2021, 2022, 2023], 1.0),
        ("RIE-RES", "Riesling Réserve", "Riesling", "Blanc", "Réserve", 13.50m, "Réserve", [2020, 2022], 0.8),
        ("RIE-VV", "Riesling Vieilles Vignes", "Riesling", "Blanc", "Vieilles Vignes", 17.00m, "Réserve", [2020, 2021], 0.5),
        ("RIE-GC-SCH", "Riesling Grand Cru Schlossberg", "Riesling", "Blanc", "Grand Cru", 29.00m, "Grand Cru", [2018, 2019, 2020], 0.35),
        ("GEW", "Gewurztraminer", "Gewurztraminer", "Blanc", "Classique", 11.50m, "Classique", [2020, 2021, 2022, 2023], 0.9),
        ("GEW-RES", "Gewurztraminer Réserve", "Gewurztraminer", "Blanc", "Réserve", 15.90m, "Réserve", [2021, 2022], 0.6),
        ("GEW-GC-HEN", "Gewurztraminer Grand Cru Hengst", "Gewurztraminer", "Blanc", "Grand Cru", 32.00m, "Grand Cru", [2018, 2019], 0.3),
        ("GEW-VT", "Gewurztraminer Vendanges Tardives 50 cl", "Gewurztraminer", "Moelleux", "Vendanges Tardives", 34.00m, "Prestige", [2017, 2018], 0.2),
        ("PG", "Pinot Gris", "Pinot Gris", "Blanc", "Classique", 11.00m, "Classique", [2020, 2021, 2022, 2023], 0.9),
        ("PG-RES", "Pinot Gris Réserve", "Pinot Gris", "Blanc", "Réserve", 14.90m, "Réserve", [2021, 2022], 0.6),
        ("PG-GC-FRA", "Pinot Gris Grand Cru Frankstein", "Pinot Gris", "Blanc", "Grand Cru", 27.00m, "Grand Cru", [2019, 2020], 0.3),
        ("PG-VT", "Pinot Gris Vendanges Tardives 50 cl", "Pinot Gris", "Moelleux", "Vendanges Tardives", 32.00m, "Prestige", [2018], 0.2),
        ("PB", "Pinot Blanc", "Pinot Blanc", "Blanc", "Classique", 8.50m, "Classique", [2021, 2022, 2023], 0.8),
        ("AUX-VV", "Auxerrois Vieilles Vignes", "Pinot Blanc", "Blanc", "Vieilles Vignes", 11.90m, "Réserve", [2022], 0.3),
        ("SYL", "Sylvaner", "Sylvaner", "Blanc", "Classique", 7.50m, "Classique", [2021, 2022, 2023], 0.6),
        ("MUS", "Muscat d'Alsace", "Muscat", "Blanc", "Classique", 10.50m, "Classique", [2021, 2022, 2023], 0.5),
        ("PN", "Pinot Noir", "Pinot Noir", "Rouge", "Classique", 12.50m, "Classique", [2020, 2021, 2022], 0.7),
        ("PN-FUT", "Pinot Noir Élevé en Fût", "Pinot Noir", "Rouge", "Réserve", 19.50m, "Réserve", [2020, 2021], 0.4),
        ("EDEL", "Edelzwicker", "Edelzwicker", "Blanc", "Classique", 6.90m, "Classique", [2022, 2023], 0.5),
        ("KLE", "Klevener de Heiligenstein", "Pinot Blanc", "Blanc", "Classique", 12.00m, "Réserve", [2021, 2022], 0.3),
        ("PN-ROSE", "Pinot Noir Rosé", "Pinot Noir", "Rosé", "Classique", 10.00m, "Classique", [2022, 2023], 0.4),
        ("RIE-GC-RAN", "Riesling Grand Cru Rangen", "Riesling", "Blanc", "Grand Cru", 38.00m, "Grand Cru", [2018, 2019], 0.15),
        ("CHA", "Chasselas", "Chasselas", "Blanc", "Classique", 7.00m, "Classique", [2023], 0.3),
        ("CRE-BRUT", "Crémant d'Alsace Brut", "Crémant", "Crémant", "Brut", 10.90m, "Classique", [], 1.0),
        ("CRE-ROSE", "Crémant d'Alsace Rosé", "Crémant", "Crémant", "Rosé", 12.90m, "Classique", [], 0.7),
        ("CRE-EB", "Crémant d'Alsace Extra Brut", "Crémant", "Crémant", "Extra Brut", 13.90m, "Réserve", [2020], 0.4),
        ("RIE-MAG", "Riesling Réserve Magnum", "Riesling", "Blanc", "Réserve", 29.00m, "Réserve", [2020], 0.15),
        ("CRE-C6", "Crémant d'Alsace Brut Carton de 6", "Crémant", "Crémant", "Brut", 62.00m, "Classique", [], 0.3),
        ("GEW-SGN", "Gewurztraminer Sélection de Grains Nobles 37,5 cl", "Gewurztraminer", "Moelleux", "SGN", 45.00m, "Prestige", [2017], 0.1),
    ];

    /// <summary>Co-purchase bundles planted for the recommender: buying the first makes buying the second likely.</summary>
    public static readonly (string Anchor, string Partner)[] Bundles =
    [
        ("RIE-GC-SCH", "PG-GC-FRA"),
        ("CRE-BRUT", "CRE-ROSE"),
        ("GEW-VT", "PG-VT"),
        ("PN", "PN-FUT"),
        ("SYL", "PB"),
    ];

    public static IReadOnlyList<GeneratedProduct> Build()
    {
        var products = new List<GeneratedProduct>();
        foreach (var w in Wines)
        {
            if (w.Vintages.Length == 0)
            {
                products.Add(new GeneratedProduct(w.Code, w.Name, w.Variety, null, w.Family, w.Sub, "Vins", w.Price, w.Tier, w.Popularity));
                continue;
            }

            foreach (var vintage in w.Vintages)
            {
                // Older vintages cost a little more and sell a little less.
                var age = w.Vintages.Max() - vintage;
                products.Add(new GeneratedProduct(
                    $"{w.Code}-{vintage.ToString(CultureInfo.InvariantCulture)}",
                    $"{w.Name} {vintage.ToString(CultureInfo.InvariantCulture)}",
                    w.Variety,
                    vintage,
                    w.Family,
                    w.Sub,
                    "Vins",
                    w.Price + (age * 1.5m),
                    w.Tier,
                    w.Popularity / (1 + age)));
            }
        }

        return products;
    }
}
