using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>A scored product for a customer.</summary>
public readonly record struct Scored(int Item, double Score);

/// <summary>A source of candidates: scores for every item for one customer of the training data.</summary>
public interface ICandidateSource
{
    string Name { get; }

    /// <summary>Scores (higher is better) for the items; items it cannot judge are left at 0.</summary>
    void Score(int user, Span<double> scores);
}
