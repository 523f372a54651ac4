namespace CrmReco.Core.Recommendations;

/// <summary>Matrix factorization scores x_u · y_i.</summary>
public sealed class FactorsSource : ICandidateSource
{
    private readonly ImplicitFactors _factors;
    private readonly float[] _panels;

    public FactorsSource(ImplicitFactors factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        _factors = factors;
        _panels = FactorKernels.PackItemPanels(factors.ItemFactors, factors.Factors);
    }

    public string Name => "mf";

    /// <summary>x_u · y_i for every item, from the item factors laid out for SIMD (allocates nothing).</summary>
    public void Score(int user, Span<double> scores) =>
        FactorKernels.ScoreAll(_panels, UserRow(user), _factors.Factors, scores);

    /// <summary>The scores of several users, one row of <paramref name="items"/> scores per user in
    /// <paramref name="scores"/>, four users per pass over the item factors (faster than one
    /// <see cref="Score(int, Span{double})"/> per user when the item factors do not fit in cache); allocates nothing.</summary>
    public void Score(ReadOnlySpan<int> users, int items, Span<double> scores)
    {
        if (scores.Length < users.Length * items)
        {
            throw new ArgumentException("One row of scores per user is needed.", nameof(scores));
        }

        var u = 0;
        for (; u + 4 <= users.Length; u += 4)
        {
            FactorKernels.ScoreFour(_panels, UserRow(users[u]), UserRow(users[u + 1]), UserRow(users[u + 2]), UserRow(users[u + 3]), _factors.Factors, items, scores.Slice(u * items, 4 * items));
        }

        for (; u < users.Length; u++)
        {
            Score(users[u], scores.Slice(u * items, items));
        }
    }

    private ReadOnlySpan<float> UserRow(int user) => new(_factors.UserFactors, user * _factors.Factors, _factors.Factors);
}
