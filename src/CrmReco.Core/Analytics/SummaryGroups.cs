namespace CrmReco.Core.Analytics;

/// <summary>Customers grouped by (x, t_x, T) with a count: a likelihood depends on a customer only through that
/// tuple, so each evaluation costs O(distinct summaries). Times are rounded to 10⁻⁶ unit, as in
/// <see cref="BgNbdLikelihood"/>.</summary>
internal sealed class SummaryGroups
{
    private SummaryGroups(int[] x, double[] tx, double[] t, double[] count, double meanT)
    {
        X = x;
        Tx = tx;
        T = t;
        Count = count;
        MeanT = meanT;
    }

    public int[] X { get; }

    public double[] Tx { get; }

    public double[] T { get; }

    public double[] Count { get; }

    public double MeanT { get; }

    public int Length => X.Length;

    public static SummaryGroups From(IReadOnlyList<CustomerSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        if (customers.Count == 0)
        {
            throw new ArgumentException("A lifetime model needs at least one customer.", nameof(customers));
        }

        var groups = new Dictionary<(int X, double Tx, double T), double>();
        foreach (var c in customers)
        {
            if (c.Frequency < 0)
            {
                throw new ArgumentException($"Customer {c.CustomerId}: negative frequency.", nameof(customers));
            }

            var key = (c.Frequency, c.Frequency == 0 ? 0 : Math.Round(c.Recency, 6), Math.Round(c.T, 6));
            groups[key] = groups.GetValueOrDefault(key) + 1;
        }

        // Sorted by x, so that terms in x alone are computed once per distinct frequency.
        var ordered = groups.OrderBy(g => g.Key.X).ThenBy(g => g.Key.Tx).ThenBy(g => g.Key.T).ToList();
        return new SummaryGroups(
            [.. ordered.Select(g => g.Key.X)],
            [.. ordered.Select(g => g.Key.Tx)],
            [.. ordered.Select(g => g.Key.T)],
            [.. ordered.Select(g => g.Value)],
            customers.Average(c => c.T));
    }
}

/// <summary>The log-likelihood of grouped customers at log-parameters θ; when <paramref name="gradient"/> has room for
/// every parameter it also receives ∂LL/∂θ. NaN where the parameters overflow.</summary>
internal delegate double GroupLikelihood(SummaryGroups groups, ReadOnlySpan<double> theta, Span<double> gradient);

/// <summary>Maximum likelihood on log-parameters for Pareto/NBD and MBG/NBD: <see cref="QuasiNewton"/> with the
/// analytic gradient, the same tiny ridge as BG/NBD, the log-parameters kept in [−<see cref="QuasiNewton.LogBound"/>,
/// <see cref="QuasiNewton.LogBound"/>], several starting points compared on a sample above
/// <see cref="CustomerSummaries.SearchSample"/> customers. Every run has a bounded number of evaluations
/// (<see cref="QuasiNewton.MaxEvaluations"/>), so a fit costs at most a fixed multiple of one pass over the groups.</summary>
internal static class LogParameterFit
{
    private const double RidgeWeight = 1e-6;

    /// <summary>Evaluation budget of the refinement on every customer after the search on a sample.</summary>
    private const int RefineEvaluations = 100;

    /// <summary>The best point (log-parameters) and its log-likelihood, or null when no start converged.</summary>
    public static (double[] Theta, double LogLikelihood)? Fit(
        IReadOnlyList<CustomerSummary> customers,
        GroupLikelihood logLikelihood,
        Func<double, double[][]> starts)
    {
        var all = SummaryGroups.From(customers);
        var search = customers.Count > CustomerSummaries.SearchSample ? SummaryGroups.From(CustomerSummaries.EvenSample(customers)) : all;
        (double[] Theta, double LogLikelihood)? best = null;
        foreach (var start in starts(Math.Max(all.MeanT, 1e-3)))
        {
            var point = Minimize(search, logLikelihood, start);
            var ll = logLikelihood(search, point, []);
            if (double.IsFinite(ll) && (best is null || ll > best.Value.LogLikelihood))
            {
                best = (point, ll);
            }
        }

        if (best is null)
        {
            return null;
        }

        if (!ReferenceEquals(search, all))
        {
            // From the sample's optimum the refinement needs a few dozen evaluations; on a ridge toward the boundary
            // (parameters not identified) it would spend the whole budget on everyone for nothing.
            var refined = Minimize(all, logLikelihood, best.Value.Theta, RefineEvaluations);
            best = (refined, logLikelihood(all, refined, []));
        }

        return double.IsFinite(best.Value.LogLikelihood) ? best : null;
    }

    private static double[] Minimize(SummaryGroups groups, GroupLikelihood logLikelihood, double[] start, int maxEvaluations = QuasiNewton.MaxEvaluations)
    {
        var result = QuasiNewton.Minimize(
            (theta, gradient) =>
            {
                var ll = logLikelihood(groups, theta, gradient);
                var penalty = 0.0;
                for (var i = 0; i < theta.Length; i++)
                {
                    penalty += RidgeWeight * theta[i] * theta[i];
                    gradient[i] = -gradient[i] + (2 * RidgeWeight * theta[i]);
                }

                return double.IsFinite(ll) ? -ll + penalty : double.PositiveInfinity;
            },
            start,
            maxEvaluations: maxEvaluations);
        return result.Point;
    }
}
