using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>"Customers who bought X also bought Y": support = n(X∪Y)/N, confidence = n(X∪Y)/n(X),
/// lift = confidence / (n(Y)/N) (Agrawal &amp; Srikant 1994), with one-item antecedents.</summary>
public sealed record AssociationRule(string Antecedent, string Consequent, int Count, double Support, double Confidence, double Lift);

/// <summary>What makes a basket: a customer's whole history (default: wine orders are small, histories carry
/// the co-purchase signal) or one order.</summary>
public enum BasketKind
{
    Customer = 0,
    Order = 1,
}

public static class AssociationRules
{
    public static IReadOnlyList<AssociationRule> Mine(IEnumerable<Transaction> transactions, double minSupport, double minConfidence, BasketKind basket = BasketKind.Customer)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var baskets = transactions.Where(t => t.Quantity > 0)
            .GroupBy(t => basket == BasketKind.Customer ? t.CustomerId : t.CustomerId + "\u0001" + t.OrderId, StringComparer.Ordinal)
            .Select(g => g.Select(t => t.ProductId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray())
            .ToList();
        return Mine(baskets, minSupport, minConfidence);
    }

    /// <summary>Rules over item sets (each sorted, distinct), sorted by lift then confidence.</summary>
    public static IReadOnlyList<AssociationRule> Mine(IReadOnlyList<string[]> baskets, double minSupport, double minConfidence)
    {
        ArgumentNullException.ThrowIfNull(baskets);
        var n = (double)baskets.Count;
        var single = new Dictionary<string, int>(StringComparer.Ordinal);
        var pairs = new Dictionary<(string, string), int>();
        foreach (var items in baskets)
        {
            foreach (var item in items)
            {
                single[item] = single.GetValueOrDefault(item) + 1;
            }

            for (var a = 0; a < items.Length; a++)
            {
                for (var b = a + 1; b < items.Length; b++)
                {
                    pairs[(items[a], items[b])] = pairs.GetValueOrDefault((items[a], items[b])) + 1;
                }
            }
        }

        var rules = new List<AssociationRule>();
        foreach (var ((a, b), count) in pairs)
        {
            var support = count / n;
            if (support < minSupport)
            {
                continue;
            }

            foreach (var (x, y) in new[] { (a, b), (b, a) })
            {
                var confidence = count / (double)single[x];
                if (confidence >= minConfidence)
                {
                    rules.Add(new AssociationRule(x, y, count, support, confidence, confidence / (single[y] / n)));
                }
            }
        }

        return rules.OrderByDescending(r => r.Lift).ThenByDescending(r => r.Confidence).ThenBy(r => r.Antecedent, StringComparer.Ordinal).ThenBy(r => r.Consequent, StringComparer.Ordinal).ToList();
    }
}
