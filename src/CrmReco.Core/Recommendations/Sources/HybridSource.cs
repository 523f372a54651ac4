using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>A weighted blend of sources, each min-max normalized per customer so weights are comparable.
/// Keeps one scratch buffer: one instance per thread.</summary>
public sealed class HybridSource(IReadOnlyList<(ICandidateSource Source, double Weight)> sources, int items, string name = "hybrid") : ICandidateSource
{
    private readonly double[] _buffer = new double[items];

    public string Name => name;

    public IReadOnlyList<(ICandidateSource Source, double Weight)> Components => sources;

    public void Score(int user, Span<double> scores)
    {
        scores.Clear();
        foreach (var (source, weight) in sources)
        {
            if (weight == 0)
            {
                continue;
            }

            source.Score(user, _buffer);
            Blend.AddNormalized(scores, _buffer, weight);
        }
    }
}
