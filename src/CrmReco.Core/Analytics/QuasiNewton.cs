namespace CrmReco.Core.Analytics;

/// <summary>
/// A small dense BFGS minimiser with a backtracking (Armijo) line search, for the few-parameter likelihoods of
/// this folder. Written here rather than taken from MathNet because a likelihood that overflows far from the
/// optimum must only shorten the step (MathNet's line search throws), and because a ridge running to the
/// boundary must end on a lack of progress, not on an exception.
/// </summary>
internal static class QuasiNewton
{
    /// <summary>Value of the objective at the point; writes its gradient into the span.</summary>
    internal delegate double ValueAndGradient(ReadOnlySpan<double> point, Span<double> gradient);

    /// <summary>The minimising point, its value and the work done.</summary>
    internal sealed record Result(double[] Point, double Value, int Iterations, int Evaluations, bool Converged);

    /// <param name="objective">Value and gradient; non-finite values are treated as "too far", the step shrinks.</param>
    /// <param name="start">Starting point, where the objective must be finite.</param>
    /// <param name="maxStep">Largest change of any coordinate in one step (log-parameters: e^5 ≈ 150×).</param>
    internal static Result Minimize(ValueAndGradient objective, double[] start, int maxIterations = 500, double maxStep = 5)
    {
        var n = start.Length;
        var x = (double[])start.Clone();
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
            var slope = Dot(g, direction);
            if (!(slope < 0))
            {
                // The curvature estimate lost positive definiteness: restart from steepest descent.
                h = Identity(n);
                Multiply(h, g, direction, -1);
                slope = Dot(g, direction);
            }

            var step = Math.Min(1, maxStep / Math.Max(MaxAbs(direction), 1e-300));
            double ft;
            while (true)
            {
                for (var i = 0; i < n; i++)
                {
                    trial[i] = x[i] + (step * direction[i]);
                }

                ft = objective(trial, trialGradient);
                evaluations++;
                if (double.IsFinite(ft) && ft <= f + (1e-4 * step * slope))
                {
                    break;
                }

                step *= double.IsFinite(ft) ? Math.Max(0.1, -slope * step / (2 * (ft - f - (slope * step)))) : 0.1;
                if (step * MaxAbs(direction) < 1e-14)
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
