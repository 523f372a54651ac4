namespace CrmReco.Core.Analytics;

/// <summary>
/// A small dense BFGS minimiser with a backtracking (Armijo) line search, for the few-parameter likelihoods of
/// this folder. Written here rather than taken from MathNet because a likelihood that overflows far from the
/// optimum must only shorten the step (MathNet's line search throws), and because a ridge running to the
/// boundary must end on a lack of progress, not on an exception. The search stays in the box
/// |θᵢ| ≤ <see cref="LogBound"/> (log-parameters: e^±16, far beyond any fitted value on real data) and stops after
/// <see cref="MaxEvaluations"/> evaluations, so that a degenerate history (no dropout, identical customers), whose
/// likelihood keeps rising toward a limit at infinity, costs a bounded amount of work and ends on the box: a
/// boundary fit, reported as such by the models.
/// </summary>
internal static class QuasiNewton
{
    /// <summary>Value of the objective at the point; writes its gradient into the span.</summary>
    internal delegate double ValueAndGradient(ReadOnlySpan<double> point, Span<double> gradient);

    /// <summary>The minimising point, its value and the work done.</summary>
    internal sealed record Result(double[] Point, double Value, int Iterations, int Evaluations, bool Converged);

    /// <summary>Bound on every coordinate (log-parameters: 1.1·10⁻⁷ to 8.9·10⁶).</summary>
    internal const double LogBound = 16;

    /// <summary>Bound on the objective evaluations of one minimisation.</summary>
    internal const int MaxEvaluations = 400;

    /// <param name="objective">Value and gradient; non-finite values are treated as "too far", the step shrinks.</param>
    /// <param name="start">Starting point, where the objective must be finite.</param>
    /// <param name="maxStep">Largest change of any coordinate in one step (log-parameters: e^5 ≈ 150×).</param>
    /// <param name="maxEvaluations">Budget of objective evaluations (a refinement from a good point needs fewer).</param>
    internal static Result Minimize(ValueAndGradient objective, double[] start, int maxIterations = 500, double maxStep = 5, int maxEvaluations = MaxEvaluations)
    {
        var n = start.Length;
        var x = (double[])start.Clone();
        Clamp(x);
        var g = new double[n];
        var f = objective(x, g);
        var evaluations = 1;
        if (!double.IsFinite(f))
        {
            return new Result(x, double.PositiveInfinity, 0, evaluations, false);
        }

        var h = Identity(n);
        var direction = new double[n];
        var trial = new double[n];
        var trialGradient = new double[n];
        var s = new double[n];
        var y = new double[n];
        var stalled = 0;
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            if (MaxAbs(g) <= 1e-9 * Math.Max(1, Math.Abs(f)))
            {
                return new Result(x, f, iteration - 1, evaluations, true);
            }

            Multiply(h, g, direction, -1);
            var slope = Project(x, g, direction);
            if (!(slope < 0))
            {
                // The curvature estimate lost positive definiteness (or pointed out of the box): restart from steepest descent.
                h = Identity(n);
                Multiply(h, g, direction, -1);
                slope = Project(x, g, direction);
                if (!(slope < 0))
                {
                    // Every descent direction leaves the box: a minimum on its boundary.
                    return new Result(x, f, iteration - 1, evaluations, true);
                }
            }

            if (evaluations >= maxEvaluations)
            {
                return new Result(x, f, iteration - 1, evaluations, false);
            }

            var step = Math.Min(1, maxStep / Math.Max(MaxAbs(direction), 1e-300));
            double ft;
            while (true)
            {
                for (var i = 0; i < n; i++)
                {
                    trial[i] = x[i] + (step * direction[i]);
                }

                Clamp(trial);

                ft = objective(trial, trialGradient);
                evaluations++;
                if (double.IsFinite(ft) && ft <= f + (1e-4 * step * slope))
                {
                    break;
                }

                step *= double.IsFinite(ft) ? Math.Max(0.1, -slope * step / (2 * (ft - f - (slope * step)))) : 0.1;
                if (step * MaxAbs(direction) < 1e-14 || evaluations >= maxEvaluations)
                {
                    // No decrease along a descent direction at machine precision: this is the minimum.
                    return new Result(x, f, iteration, evaluations, true);
                }
            }

            for (var i = 0; i < n; i++)
            {
                s[i] = trial[i] - x[i];
                y[i] = trialGradient[i] - g[i];
            }

            var improvement = f - ft;
            Array.Copy(trial, x, n);
            Array.Copy(trialGradient, g, n);
            f = ft;
            stalled = improvement <= 1e-13 * Math.Max(1, Math.Abs(f)) ? stalled + 1 : 0;
            if (stalled >= 3)
            {
                // A ridge toward the boundary: the value no longer moves in the 13th digit.
                return new Result(x, f, iteration, evaluations, true);
            }

            var sy = Dot(s, y);
            if (sy > 1e-12 * Math.Sqrt(Dot(s, s) * Dot(y, y)))
            {
                if (iteration == 1)
                {
                    // Scale the first inverse-Hessian guess to the observed curvature (Nocedal & Wright, eq. 6.20).
                    h = Identity(n, sy / Dot(y, y));
                }

                Update(h, s, y, sy);
            }
        }

        return new Result(x, f, maxIterations, evaluations, false);
    }

    /// <summary>Zeroes the components of <paramref name="direction"/> that would leave the box from a coordinate on
    /// its boundary; returns the slope gᵀd along what is left.</summary>
    private static double Project(double[] x, double[] g, double[] direction)
    {
        for (var i = 0; i < x.Length; i++)
        {
            if ((x[i] >= LogBound && direction[i] > 0) || (x[i] <= -LogBound && direction[i] < 0))
            {
                direction[i] = 0;
            }
        }

        return Dot(g, direction);
    }

    private static void Clamp(double[] x)
    {
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = Math.Clamp(x[i], -LogBound, LogBound);
        }
    }

    /// <summary>H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1 / yᵀs.</summary>
    private static void Update(double[,] h, double[] s, double[] y, double sy)
    {
        var n = s.Length;
        var rho = 1 / sy;
        var hy = new double[n];
        Multiply(h, y, hy, 1);
        var yhy = Dot(y, hy);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                h[i, j] += (((1 + (rho * yhy)) * s[i] * s[j]) - (hy[i] * s[j]) - (s[i] * hy[j])) * rho;
            }
        }
    }

    private static double[,] Identity(int n, double scale = 1)
    {
        var h = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            h[i, i] = scale;
        }

        return h;
    }

    private static void Multiply(double[,] h, double[] v, double[] result, double sign)
    {
        for (var i = 0; i < v.Length; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < v.Length; j++)
            {
                sum += h[i, j] * v[j];
            }

            result[i] = sign * sum;
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static double MaxAbs(double[] v)
    {
        var max = 0.0;
        foreach (var e in v)
        {
            max = Math.Max(max, Math.Abs(e));
        }

        return max;
    }
}
