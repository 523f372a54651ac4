using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>Distinct buyers in the last year of the training data: the cold-start and baseline source.</summary>
public sealed class PopularitySource(Interactions data) : ICandidateSource
{
    public string Name => "popularity";

    public void Score(int user, Span<double> scores)
    {
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = data.ItemBuyers[i];
        }
    }
}
