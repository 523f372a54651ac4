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

/// <summary>
/// The estate's catalogue: about 60 wines over the Alsace range, several vintages each; optionally extended with
/// synthetic cuvées (see <see cref="Build(int)"/>) to reach the size of a large estate or a wine merchant.
/// </summary>
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

    /// <summary>The estate's own catalogue (60 products).</summary>
    public static IReadOnlyList<GeneratedProduct> Build() => Build(0);

    /// <summary>
    /// The estate's catalogue, extended when <paramref name="products"/> is larger than it with synthetic cuvées
    /// until it holds exactly that many products. Each synthetic wine copies a wine of the estate (variety, family,
    /// sub-family, tier) under another lieu-dit, cuvée or Grand Cru, at a price of 85–135 % of it, in 1–3 vintages;
    /// its popularity falls off like a long tail with its rank, so the estate's wines stay the best sellers.
    /// Deterministic (its own fixed-seed random): the same size gives the same catalogue whatever the generator's seed.
    /// </summary>
    public static IReadOnlyList<GeneratedProduct> Build(int products)
    {
        var list = new List<GeneratedProduct>();
        foreach (var w in Wines)
        {
            AddVintages(list, w.Code, w.Name, w.Variety, w.Family, w.Sub, w.Price, w.Tier, w.Vintages, w.Popularity);
        }

        if (products > list.Count)
        {
            Extend(list, products);
        }

        return list;
    }

    private static void AddVintages(List<GeneratedProduct> products, string code, string name, string variety, string family, string sub, decimal price, string tier, int[] vintages, double popularity)
    {
        if (vintages.Length == 0)
        {
            products.Add(new GeneratedProduct(code, name, variety, null, family, sub, "Vins", price, tier, popularity));
            return;
        }

        foreach (var vintage in vintages)
        {
            // Older vintages cost a little more and sell a little less.
            var age = vintages.Max() - vintage;
            products.Add(new GeneratedProduct(
                $"{code}-{vintage.ToString(CultureInfo.InvariantCulture)}",
                $"{name} {vintage.ToString(CultureInfo.InvariantCulture)}",
                variety,
                vintage,
                family,
                sub,
                "Vins",
                price + (age * 1.5m),
                tier,
                popularity / (1 + age)));
        }
    }

    // Grands crus for the Grand Cru wines; lieux-dits and cuvée names for the others.
    private static readonly string[] GrandsCrus =
    [
        "Altenberg de Bergheim", "Brand", "Eichberg", "Furstentum", "Geisberg", "Goldert", "Hatschbourg", "Kaefferkopf",
        "Kastelberg", "Kessler", "Kirchberg de Ribeauvillé", "Kitterlé", "Mambourg", "Mandelberg", "Marckrain", "Moenchberg",
        "Muenchberg", "Ollwiller", "Osterberg", "Pfersigberg", "Pfingstberg", "Praelatenberg", "Saering", "Schoenenbourg",
        "Sommerberg", "Sonnenglanz", "Spiegel", "Sporen", "Steinert", "Steingrubler", "Vorbourg", "Wiebelsberg",
        "Wineck-Schlossberg", "Winzenberg", "Zinnkoepflé", "Zotzenberg",
    ];

    private static readonly string[] Cuvees =
    [
        "Lieu-dit Rosenberg", "Lieu-dit Bollenberg", "Lieu-dit Muehlforst", "Lieu-dit Silberberg", "Lieu-dit Hagel",
        "Lieu-dit Sonnenberg", "Lieu-dit Clos des Capucins", "Lieu-dit Schiltzberg", "Lieu-dit Burgreben", "Lieu-dit Letzenberg",
        "Clos Saint-Jacques", "Clos du Château", "Clos des Chartreux", "Cuvée Théo", "Cuvée des Amis", "Cuvée Prestige",
        "Cuvée Tradition", "Cuvée Émile", "Cuvée Marguerite", "Cuvée du Patrimoine", "Terroir Granit", "Terroir Calcaire",
        "Terroir Grès", "Terroir Marnes", "Sélection", "Élevé sur lies", "Nature sans soufre", "Bio", "Coteaux", "Cuvée Sainte-Odile",
    ];

    private static void Extend(List<GeneratedProduct> products, int target)
    {
        var random = new Random(20_240);
        var labels = new HashSet<string>(StringComparer.Ordinal);
        for (var rank = 1; products.Count < target; rank++)
        {
            var w = Wines[random.Next(Wines.Length)];
            var grandCru = w.Sub == "Grand Cru";
            var names = grandCru ? GrandsCrus : Cuvees;
            var place = names[random.Next(names.Length)];
            var baseName = grandCru ? $"{w.Variety} Grand Cru {place}" : $"{w.Name} {place}";
            var name = baseName;
            for (var n = 2; !labels.Add(name); n++)
            {
                // The same place twice for the same wine: a second cuvée of it.
                name = string.Create(CultureInfo.InvariantCulture, $"{baseName} n° {n}");
            }

            // The rank keeps codes unique; the dot keeps them apart from the planted bundles' "CODE-" prefixes.
            var code = string.Create(CultureInfo.InvariantCulture, $"{w.Code}.{rank:0000}");

            // Same tier as the wine it copies, at 85–135 % of its price; 1–3 vintages, the latest 2019–2023.
            var price = Math.Round(w.Price * (decimal)(0.85 + (0.5 * random.NextDouble())), 1);
            int[] vintages = [];
            if (w.Vintages.Length > 0)
            {
                var latest = 2019 + random.Next(5);
                vintages = [.. Enumerable.Range(0, 1 + random.Next(3)).Select(i => latest - i).Reverse()];
                vintages = [.. vintages.TakeLast(Math.Min(vintages.Length, target - products.Count))];
            }

            // A long tail: the 10th synthetic wine sells about half as much as the first, the 1,000th a hundredth.
            var popularity = w.Popularity * 0.5 / (1 + (rank / 10.0));
            AddVintages(products, code, name, w.Variety, w.Family, w.Sub, price, w.Tier, vintages, popularity);
        }
    }
}
