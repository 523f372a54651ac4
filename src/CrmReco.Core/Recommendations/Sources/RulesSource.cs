using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>Association rules as a source: score(u, i) = max confidence of a rule X → i with X bought by u.</summary>
public sealed class RulesSource : ICandidateSource
{
    private readonly Interactions _data;
    private readonly Dictionary<int, List<(int Consequent, double Confidence, double Lift)>> _byAntecedent;

    public RulesSource(Interactions data, IReadOnlyList<AssociationRule> rules)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rules);
        _data = data;
        _byAntecedent = rules.Where(r => data.ItemIndex.ContainsKey(r.Antecedent) && data.ItemIndex.ContainsKey(r.Consequent))
            .GroupBy(r => data.ItemIndex[r.Antecedent])
            .ToDictionary(g => g.Key, g => g.Select(r => (data.ItemIndex[r.Consequent], r.Confidence, r.Lift)).ToList());
    }

    public string Name => "rules";

    public void Score(int user, Span<double> scores)
    {
        scores.Clear();
        foreach (var j in _data.UserItems[user])
        {
            if (_byAntecedent.TryGetValue(j, out var rules))
            {
                foreach (var (item, confidence, _) in rules)
                {
                    scores[item] = Math.Max(scores[item], confidence);
                }
            }
        }
    }
}
