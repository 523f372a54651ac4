using System.Globalization;
using CrmReco.Core.Analytics;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>Why an item is recommended: a code and its parameters, rendered in French or English for people.</summary>
public sealed record Reason(string Code, IReadOnlyDictionary<string, string> Parameters)
{
    public static Reason Of(string code, params (string Key, object Value)[] parameters) =>
        new(code, parameters.ToDictionary(p => p.Key, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? string.Empty, StringComparer.Ordinal));
}

/// <summary>Reason codes and their sentences.</summary>
public static class ReasonText
{
    public const string Rebuy = "rebuy_due";
    public const string Rule = "co_purchase_rule";
    public const string SimilarCustomers = "similar_customers";
    public const string SimilarItems = "similar_items";
    public const string Popular = "popular";
    public const string Discovery = "discovery";
    public const string Upsell = "upsell_step";
    public const string Seasonal = "popular_season";
    public const string TasteMatch = "taste_match";

    // Looked up once: GetCultureInfo per text cost more than the rest of the rendering.
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static string Render(Reason reason, string language = "fr")
    {
        ArgumentNullException.ThrowIfNull(reason);
        var fr = !string.Equals(language, "en", StringComparison.OrdinalIgnoreCase);
        var culture = fr ? French : English;
        string P(string key) => reason.Parameters.GetValueOrDefault(key, "?");
        // A Crémant is a style blended from several grapes (WineFamily), not a grape.
        string Kind(bool french) => P("variety") == WineFamily.Sparkling ? "style" : french ? "cépage" : "grape";
        string Times(bool french) => (P("times"), french) switch
        {
            ("1", true) => "une fois",
            ("1", false) => "once",
            (var n, true) => $"{n} fois",
            (var n, false) => $"{n} times",
        };
        string Orders(bool french) => (P("orders"), french) switch
        {
            ("1", true) => "1 commande",
            ("1", false) => "1 order",
            (var n, true) => $"{n} commandes",
            (var n, false) => $"{n} orders",
        };
        string Number(string key, string format) => double.TryParse(P(key), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v.ToString(format, culture) : P(key);
        return (reason.Code, fr) switch
        {
            // Without a rhythm of their own (fewer than two orders) the customer's "usual" gap would be the estate's.
            // The cadence is that wine's when they bought it at least twice (cadence = wine), else their own.
            (Rebuy, true) when !reason.Parameters.ContainsKey("gapMonths") => $"Vous avez acheté {P("product")} {Times(true)} ; dernière commande il y a {Number("monthsSince", "0")} mois",
            (Rebuy, false) when !reason.Parameters.ContainsKey("gapMonths") => $"You bought {P("product")} {Times(false)}; last order {Number("monthsSince", "0")} months ago",
            (Rebuy, true) when P("cadence") == "wine" => $"Vous avez acheté {P("product")} {Times(true)} ; vous commandez ce vin tous les {Number("gapMonths", "0")} mois environ ; dernière commande il y a {Number("monthsSince", "0")} mois",
            (Rebuy, false) when P("cadence") == "wine" => $"You bought {P("product")} {Times(false)}; you order this wine about every {Number("gapMonths", "0")} months; last order {Number("monthsSince", "0")} months ago",
            (Rebuy, true) => $"Vous avez acheté {P("product")} {Times(true)} ; vous commandez en général tous les {Number("gapMonths", "0")} mois ; dernière commande il y a {Number("monthsSince", "0")} mois",
            (Rebuy, false) => $"You bought {P("product")} {Times(false)}; you usually order every {Number("gapMonths", "0")} months; last order {Number("monthsSince", "0")} months ago",
            (TasteMatch, true) when P("rank") == "1" => $"Vous appréciez le {P("variety")} ({Orders(true)}) : voici notre {P("variety")} le plus demandé",
            (TasteMatch, false) when P("rank") == "1" => $"You enjoy {P("variety")} ({Orders(false)}): here is our most popular {P("variety")}",
            (TasteMatch, true) => $"Vous appréciez le {P("variety")} ({Orders(true)}) : l'un de nos {P("variety")} les plus demandés (n° {P("rank")})",
            (TasteMatch, false) => $"You enjoy {P("variety")} ({Orders(false)}): one of our most popular {P("variety")} wines (#{P("rank")})",
            (Rule, true) => $"{Number("confidence", "0")} % des clients qui ont acheté {P("antecedent")} ont aussi acheté {P("product")} (lift {Number("lift", "0.0")})",
            (Rule, false) => $"{Number("confidence", "0")} % of customers who bought {P("antecedent")} also bought {P("product")} (lift {Number("lift", "0.0")})",
            (SimilarItems, true) => $"Proche de {P("neighbour")}, déjà apprécié",
            (SimilarItems, false) => $"Close to {P("neighbour")}, already enjoyed",
            (SimilarCustomers, true) => "Apprécié par des clients aux goûts proches",
            (SimilarCustomers, false) => "Enjoyed by customers with similar tastes",
            (Discovery, true) when reason.Parameters.ContainsKey("liked") => $"À découvrir : un {P("variety")}, {Kind(true)} pas encore goûté ; {Number("share", "0")} % des amateurs de {P("liked")} en achètent",
            (Discovery, false) when reason.Parameters.ContainsKey("liked") => $"To discover: a {P("variety")}, a {Kind(false)} not tried yet; {Number("share", "0")} % of {P("liked")} lovers buy it",
            (Discovery, true) => $"À découvrir : un {P("variety")}, {Kind(true)} pas encore goûté",
            (Discovery, false) => $"To discover: a {P("variety")}, a {Kind(false)} not tried yet",
            (Upsell, true) => $"Un cran au-dessus de {P("from")}, déjà apprécié : {P("product")}",
            (Upsell, false) => $"A step up from {P("from")}, already enjoyed: {P("product")}",
            (Seasonal, true) => $"Très demandé à cette période de l'année (n° {P("rank")})",
            (Seasonal, false) => $"Much in demand at this time of year (#{P("rank")})",
            (Popular, true) => $"Parmi les vins les plus achetés (n° {P("rank")})",
            (Popular, false) => $"Among the most bought wines (#{P("rank")})",
            _ => reason.Code,
        };
    }
}

/// <summary>Item ranks (1 = first) by plain and by seasonal popularity, and by popularity among the wines of the
/// same variety (0 for an item without a variety).</summary>
internal sealed record PopularityRanks(int[] Popularity, int[] Seasonal, int[] WithinVariety)
{
    public static PopularityRanks Of(int[] popularity, int[] seasonal, IReadOnlyList<string?> varieties)
    {
        var within = new int[popularity.Length];
        var order = Enumerable.Range(0, popularity.Length).OrderBy(i => popularity[i]).ToArray();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in order)
        {
            if (varieties[item] is { } variety)
            {
                within[item] = seen[variety] = seen.GetValueOrDefault(variety) + 1;
            }
        }

        return new PopularityRanks(popularity, seasonal, within);
    }
}

/// <summary>A recommended item to explain; <paramref name="User"/> is −1 for a customer without history.</summary>
internal sealed record Explained(string Source, int Item, string ProductId, CatalogueItem? Product, HashSet<string> Tried, CustomerAnalytics? Analytics, List<Transaction> Lines, int User);

/// <summary>Turns the source that contributed most to an item's score into a structured <see cref="Reason"/>.</summary>
internal static class Explainer
{
    public static Reason Explain(Explained e, Sources sources, PopularityRanks ranks, Dictionary<string, CatalogueItem> products)
    {
        string Name(string id) => products.GetValueOrDefault(id)?.Label ?? id;
        var label = Name(e.ProductId);
        var data = sources.Data;
        int OrdersOf(IEnumerable<Transaction> lines) => lines.Select(t => t.OrderId).Distinct(StringComparer.Ordinal).Count();

        var source = e.Source;
        List<Transaction> bought = [];
        if (source is "rebuy" or "buyAgain")
        {
            // The customer's purchases of the proposed wine, whatever the vintage: the proposal may be the vintage now on sale.
            var wine = RecommendationEngine.WineKeyOf(e.ProductId);
            bought = e.Lines.Where(t => t.Quantity > 0 && RecommendationEngine.WineKeyOf(t.ProductId) == wine).ToList();
            // Buy-again mixes the customer's own wines with their taste: a wine they bought is a rebuy.
            source = source == "rebuy" || bought.Count > 0 ? "rebuy" : "varietyMix";
        }

        switch (source)
        {
            case "rebuy":
                var times = OrdersOf(bought);
                // The sentence names what the customer bought (their latest vintage); the item is the one on sale.
                var last = bought.Count == 0 ? label : Name(bought.MaxBy(t => t.Date)!.ProductId);
                var since = e.Analytics is null ? 0 : (e.Analytics.RecencyDays / 30.44);
                // That wine's own cadence when bought on at least two days: mean gap between its first and last purchase.
                var wineDays = bought.Select(t => t.Date.DayNumber).Distinct().Order().ToList();
                if (wineDays.Count >= 2)
                {
                    var wineGap = (wineDays[^1] - wineDays[0]) / (double)(wineDays.Count - 1);
                    return Reason.Of(ReasonText.Rebuy, ("product", last), ("times", times), ("gapMonths", Math.Round(wineGap / 30.44, 1)), ("cadence", "wine"), ("monthsSince", Math.Round(since, 1)));
                }

                return e.Analytics is { Orders: >= 2 } rhythm
                    ? Reason.Of(ReasonText.Rebuy, ("product", last), ("times", times), ("gapMonths", Math.Round(rhythm.TypicalGapDays / 30.44, 1)), ("cadence", "customer"), ("monthsSince", Math.Round(since, 1)))
                    : Reason.Of(ReasonText.Rebuy, ("product", last), ("times", times), ("monthsSince", Math.Round(since, 1)));
            case "upsell" when e.User >= 0 && sources.Upsell.SteppedFrom(e.User, e.Item) is { } from:
                return Reason.Of(ReasonText.Upsell, ("product", label), ("from", Name(data.Items[from])), ("variety", e.Product?.Variety ?? string.Empty));
            case "discovery" when e.User >= 0 && e.Product?.Variety is { } discovered && sources.Discovery.BestReason(e.User, e.Item) is { } why:
                return Reason.Of(ReasonText.Discovery, ("product", label), ("variety", discovered), ("liked", why.Liked), ("share", Math.Round(why.Confidence * 100)));
            case "seasonal":
                return Reason.Of(ReasonText.Seasonal, ("product", label), ("rank", ranks.Seasonal[e.Item]));
            case "popularity":
                return Reason.Of(ReasonText.Popular, ("product", label), ("rank", ranks.Popularity[e.Item]));
        }

        if (e.Product?.Variety is { } variety && !e.Tried.Contains(variety) && e.Tried.Count > 0)
        {
            return Reason.Of(ReasonText.Discovery, ("product", label), ("variety", variety));
        }

        switch (source)
        {
            case "rules":
                var rule = sources.RulesByConsequent[e.ProductId].FirstOrDefault(r => e.Lines.Exists(t => t.ProductId == r.Antecedent));
                if (rule is not null)
                {
                    return Reason.Of(ReasonText.Rule, ("product", label), ("antecedent", Name(rule.Antecedent)), ("confidence", Math.Round(rule.Confidence * 100)), ("lift", Math.Round(rule.Lift, 1)));
                }

                break;
            case "itemKnn":
                if (e.User >= 0 && sources.ItemKnn.BestNeighbour(e.User, e.Item) is { } neighbour)
                {
                    return Reason.Of(ReasonText.SimilarItems, ("product", label), ("neighbour", Name(data.Items[neighbour.Item])), ("similarity", Math.Round(neighbour.Similarity, 2)));
                }

                break;
            case "mf":
                return Reason.Of(ReasonText.SimilarCustomers, ("product", label));
            case "varietyMix" when e.Product?.Variety is { } liked:
                // A grape (or style) the customer has bought: the popular wines of their taste.
                var orders = OrdersOf(e.Lines.Where(t => t.Quantity > 0 && products.GetValueOrDefault(t.ProductId)?.Variety == liked));
                if (orders > 0)
                {
                    return Reason.Of(ReasonText.TasteMatch, ("product", label), ("variety", liked), ("orders", orders), ("rank", ranks.WithinVariety[e.Item]));
                }

                break;
        }

        return Reason.Of(ReasonText.Popular, ("product", label), ("rank", ranks.Popularity[e.Item]));
    }
}
