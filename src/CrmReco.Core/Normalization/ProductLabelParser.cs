using System.Globalization;
using CrmReco.Core.Import;

namespace CrmReco.Core.Normalization;

/// <summary>
/// Reads what a product label says about the wine: grape variety (Alsace list and synonyms), vintage, colour,
/// sparkling / late harvest / Grand Cru, and the format in 75 cl bottle-equivalents. Matching is on words of
/// the accent-free, lower-case label, so "GEWURZTRAMINER V.T. 2019", "Gewürztraminer Vendanges Tardives" and a
/// mojibake "GewÃ¼rztraminer" agree.
/// </summary>
public static class ProductLabelParser
{
    // Longest synonyms first so "pinot gris" wins over "pinot", "tokay pinot gris" over "pinot gris".
    private static readonly (string[] Words, string Variety)[] Varieties =
    [
        (["tokay", "pinot", "gris"], "Pinot Gris"),
        (["muscat", "ottonel"], "Muscat"),
        (["pinot", "gris"], "Pinot Gris"),
        (["pinot", "blanc"], "Pinot Blanc"),
        (["pinot", "noir"], "Pinot Noir"),
        (["gewurztraminer"], "Gewurztraminer"),
        (["gewurtztraminer"], "Gewurztraminer"),
        (["gewurz"], "Gewurztraminer"),
        (["gewurtz"], "Gewurztraminer"),
        (["riesling"], "Riesling"),
        (["sylvaner"], "Sylvaner"),
        (["silvaner"], "Sylvaner"),
        (["muscat"], "Muscat"),
        (["klevener"], "Pinot Blanc"),
        (["auxerrois"], "Pinot Blanc"),
        (["chasselas"], "Chasselas"),
        (["edelzwicker"], "Edelzwicker"),
        (["gentil"], "Gentil"),
    ];

    /// <summary>The 51 Alsace Grand Cru sites (accent-free, lower case, words).</summary>
    private static readonly string[][] GrandCruSites =
    [
        .. new[]
        {
            "altenberg de bergbieten", "altenberg de bergheim", "altenberg de wolxheim", "brand", "bruderthal", "eichberg",
            "engelberg", "florimont", "frankstein", "froehn", "furstentum", "geisberg", "gloeckelberg", "goldert",
            "hatschbourg", "hengst", "kaefferkopf", "kanzlerberg", "kastelberg", "kessler", "kirchberg de barr",
            "kirchberg de ribeauville", "kitterle", "mambourg", "mandelberg", "marckrain", "moenchberg", "muenchberg",
            "ollwiller", "osterberg", "pfersigberg", "pfingstberg", "praelatenberg", "rangen", "rosacker", "saering",
            "schlossberg", "schoenenbourg", "sommerberg", "sonnenglanz", "spiegel", "sporen", "steinert", "steingrubler",
            "steinklotz", "vorbourg", "wiebelsberg", "wineck schlossberg", "winzenberg", "zinnkoepfle", "zotzenberg",
        }.Select(s => s.Split(' ')),
    ];

    public static WineAttributes Parse(string? label, string? vintageColumn = null)
    {
        var words = Words(label);
        var variety = FindVariety(words);
        var sparkling = words.Contains("cremant") || words.Contains("mousseux") || words.Contains("petillant");
        var rose = words.Contains("rose");
        var lateHarvest = words.Contains("vt") || words.Contains("sgn") || ContainsSequence(words, ["vendanges", "tardives"])
            || ContainsSequence(words, ["vendange", "tardive"]) || ContainsSequence(words, ["selection", "de", "grains", "nobles"])
            || ContainsSequence(words, ["v", "t"]);
        var grandCru = ContainsSequence(words, ["grand", "cru"]) || words.Contains("gc")
            || GrandCruSites.Any(site => ContainsSequence(words, site));
        string? colour = rose ? "rose"
            : variety == "Pinot Noir" && !ContainsSequence(words, ["blanc", "de", "noirs"]) ? "red"
            : variety is not null || sparkling ? "white"
            : words.Contains("rouge") ? "red"
            : words.Contains("blanc") ? "white"
            : null;
        return new WineAttributes(variety, FindVintage(vintageColumn) ?? FindVintage(label), colour, sparkling, lateHarvest, grandCru, BottlesPerUnit(words));
    }

    /// <summary>Lower-case, accent-free words of a label (mojibake repaired first).</summary>
    internal static string[] Words(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return [];
        }

        var text = MojibakeRepair.Repair(label)!.Normalize(System.Text.NormalizationForm.FormD);
        var chars = new char[text.Length];
        var n = 0;
        foreach (var ch in text)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            chars[n++] = char.IsLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : ' ';
        }

        return new string(chars, 0, n).Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string? FindVariety(string[] words)
    {
        foreach (var (synonym, variety) in Varieties)
        {
            if (ContainsSequence(words, synonym))
            {
                return variety;
            }
        }

        return null;
    }

    private static int? FindVintage(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        for (var i = 0; i + 4 <= text.Length; i++)
        {
            var boundaryBefore = i == 0 || !char.IsAsciiDigit(text[i - 1]);
            var boundaryAfter = i + 4 == text.Length || !char.IsAsciiDigit(text[i + 4]);
            if (boundaryBefore && boundaryAfter && int.TryParse(text.AsSpan(i, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                && year is >= 1950 and <= 2100)
            {
                return year;
            }
        }

        return null;
    }

    private static decimal BottlesPerUnit(string[] words)
    {
        bool Has(params string[] sequence) => ContainsSequence(words, sequence);
        for (var i = 0; i < words.Length; i++)
        {
            // "carton de 6", "caisse 12", "cart 6", "x6", "6x75cl"
            if (words[i] is "carton" or "cart" or "caisse" or "coffret")
            {
                var next = i + 1 < words.Length && words[i + 1] == "de" ? i + 2 : i + 1;
                if (next < words.Length && words[next] is "6" or "12" or "3")
                {
                    return int.Parse(words[next], CultureInfo.InvariantCulture);
                }
            }

            if (words[i] is "x6" or "6x75cl" or "6x75") { return 6; }
            if (words[i] is "x12" or "12x75cl" or "12x75") { return 12; }
        }

        if (Has("jeroboam") || Has("300", "cl") || Has("300cl") || Has("3", "l")) { return 4; }
        if (Has("magnum") || Has("150", "cl") || Has("150cl") || Has("1", "5", "l") || Has("1", "5l")) { return 2; }
        if (Has("37", "5", "cl") || Has("37", "5cl") || Has("375", "ml") || Has("demi", "bouteille") || Has("1", "2", "bouteille") || Has("fillette")) { return 0.5m; }
        if (Has("50", "cl") || Has("50cl") || Has("500", "ml")) { return 0.6667m; }
        return 1m;
    }

    private static bool ContainsSequence(string[] words, string[] sequence)
    {
        for (var i = 0; i + sequence.Length <= words.Length; i++)
        {
            var match = true;
            for (var j = 0; j < sequence.Length && match; j++)
            {
                match = string.Equals(words[i + j], sequence[j], StringComparison.Ordinal);
            }

            if (match)
            {
                return true;
            }
        }

        return false;
    }
}
