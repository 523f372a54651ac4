using System.Globalization;

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

    public static string Render(Reason reason, string language = "fr")
    {
        ArgumentNullException.ThrowIfNull(reason);
        var fr = !string.Equals(language, "en", StringComparison.OrdinalIgnoreCase);
        var culture = CultureInfo.GetCultureInfo(fr ? "fr-FR" : "en-GB");
        string P(string key) => reason.Parameters.GetValueOrDefault(key, "?");
        string Number(string key, string format) => double.TryParse(P(key), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v.ToString(format, culture) : P(key);
        return (reason.Code, fr) switch
        {
            (Rebuy, true) => $"A acheté {P("product")} {P("times")} fois ; en reprend d'habitude tous les {Number("gapMonths", "0")} mois ; dernière commande il y a {Number("monthsSince", "0")} mois",
            (Rebuy, false) => $"Bought {P("product")} {P("times")} times; usually reorders every {Number("gapMonths", "0")} months; last order {Number("monthsSince", "0")} months ago",
            (Rule, true) => $"{Number("confidence", "0")} % des clients qui ont acheté {P("antecedent")} ont aussi acheté {P("product")} (lift {Number("lift", "0.0")})",
            (Rule, false) => $"{Number("confidence", "0")} % of customers who bought {P("antecedent")} also bought {P("product")} (lift {Number("lift", "0.0")})",
            (SimilarItems, true) => $"Proche de {P("neighbour")}, déjà apprécié",
            (SimilarItems, false) => $"Close to {P("neighbour")}, already enjoyed",
            (SimilarCustomers, true) => "Apprécié par des clients aux goûts proches",
            (SimilarCustomers, false) => "Enjoyed by customers with similar tastes",
            (Discovery, true) => $"À découvrir : un {P("variety")}, cépage pas encore goûté",
            (Discovery, false) => $"To discover: a {P("variety")}, a grape not tried yet",
            (Popular, true) => $"Parmi les vins les plus achetés (n° {P("rank")})",
            (Popular, false) => $"Among the most bought wines (#{P("rank")})",
            _ => reason.Code,
        };
    }
}
