using MathNet.Numerics;

namespace CrmReco.Core.Analytics;

/// <summary>
/// The Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and real z &lt; 1, computed so that the
/// series it sums always has an argument in [0, 1) and, near 1, is replaced by the 1 − z connection formula
/// (Abramowitz &amp; Stegun 15.3.5–15.3.6). Method and tests: docs/analytics.md ("The hypergeometric function").
/// </summary>
public static class Hypergeometric
{
    /// <summary>Above this argument the plain series converges slowly; the 1 − z connection formula is used.</summary>
    private const double ConnectionFrom = 0.9;

    /// <summary>Near an integer c − a − b the connection formula's two terms blow up and cancel: within this
    /// distance it is evaluated at c − a − b = n ± g, n ± 2g and interpolated (cubic in c), which is exact at ± g,
    /// so the function stays continuous; ₂F₁ is analytic in c, the interpolation error is O(g⁴).</summary>
    private const double IntegerGuard = 3e-3;

    /// <summary>Near an integer c − a − b the series is still summed up to this argument (a few thousand terms
    /// at most), where it is exact; the interpolation (≈ 10⁻⁸ relative) only serves above.</summary>
    private const double SeriesNearIntegerUntil = 0.98;

    /// <summary>₂F₁(a, b; c; z), z &lt; 1 (c not a non-positive integer).</summary>
    public static double F21(double a, double b, double c, double z)
    {
        if (double.IsNaN(z) || z >= 1)
        {
            return double.NaN;
        }

        if (z == 0 || a == 0 || b == 0)
        {
            return 1;
        }

        if (z < 0)
        {
            // Pfaff (A&S 15.3.4): ₂F₁(a, b; c; z) = (1 − z)^(−a) ₂F₁(a, c − b; c; z / (z − 1)), whose argument is in
            // (0, 1): the naive series diverges for z < −1 (Pareto/NBD when α and β differ a lot). Either of a, b
            // may be factored out; keep the one whose remaining series terminates or is smaller.
            var w = z / (z - 1);
            return Math.Abs(c - b) <= Math.Abs(c - a)
                ? Math.Exp(-a * Math.Log(1 - z)) * F21(a, c - b, c, w)
                : Math.Exp(-b * Math.Log(1 - z)) * F21(b, c - a, c, w);
        }

        var d = c - a - b;
        var offset = d - Math.Round(d);
        if (z <= ConnectionFrom || IsLarge(a, b, c) || (Math.Abs(offset) <= IntegerGuard && z <= SeriesNearIntegerUntil))
        {
            return BestSeries(a, b, c, z);
        }

        if (Math.Abs(offset) > IntegerGuard)
        {
            return Connection(a, b, c, z);
        }

        // Cubic Lagrange interpolation in c through the nodes c − offset + k·g, k = −2, −1, 1, 2.
        ReadOnlySpan<double> nodes = [-2 * IntegerGuard, -IntegerGuard, IntegerGuard, 2 * IntegerGuard];
        var sum = 0.0;
        for (var i = 0; i < nodes.Length; i++)
        {
            var weight = 1.0;
            for (var j = 0; j < nodes.Length; j++)
            {
                if (j != i)
                {
                    weight *= (offset - nodes[j]) / (nodes[i] - nodes[j]);
                }
            }

            sum += weight * Connection(a, b, c - offset + nodes[i], z);
        }

        return sum;
    }

    /// <summary>ln ₂F₁(a, b; c; z) for 0 ≤ z &lt; 1, keeping Euler's prefactor (1 − z)^(c−a−b) in logs: with large
    /// parameters ₂F₁ itself overflows (Pareto/NBD with a large r) while the likelihood term it enters stays finite.</summary>
    public static double LogF21(double a, double b, double c, double z)
    {
        var d = c - a - b;
        if (z >= 0 && (z <= ConnectionFrom || IsLarge(a, b, c)) && Math.Abs((c - a) * (c - b)) < Math.Abs(a * b))
        {
            return (d * Math.Log(1 - z)) + Math.Log(Series(c - a, c - b, c, z));
        }

        return Math.Log(F21(a, b, c, z));
    }

    /// <summary>The series, or Euler's transformation (A&amp;S 15.3.3) ₂F₁(a, b; c; z) = (1 − z)^(c−a−b) ₂F₁(c−a, c−b; c; z)
    /// when its parameters are smaller: with a large b the plain terms first grow for about b·z/(1 − z) terms
    /// (Pareto/NBD with a large r), the transformed ones fall at once.</summary>
    internal static double BestSeries(double a, double b, double c, double z) =>
        Math.Abs((c - a) * (c - b)) < Math.Abs(a * b)
            ? Math.Exp((c - a - b) * Math.Log(1 - z)) * Series(c - a, c - b, c, z)
            : Series(a, b, c, z);

    private const int MaxSeriesTerms = 50_000;

    /// <summary>Σ (a)_j (b)_j / ((c)_j j!) z^j for 0 ≤ z &lt; 1, until a term no longer moves the sum.</summary>
    internal static double Series(double a, double b, double c, double z)
    {
        var term = 1.0;
        var sum = 1.0;
        // Near z = 1 with c − a − b close to an integer the terms decay like z^j j^(a+b−c−1): allow enough of them,
        // but a bounded number: an optimizer probing a degenerate region calls this thousands of times.
        for (var j = 0; j < MaxSeriesTerms; j++)
        {
            term *= (a + j) * (b + j) / ((c + j) * (j + 1)) * z;
            sum += term;
            // With a negative a or b the terms change sign and size until j passes −a, −b: no early stop there.
            if (term == 0 || (Math.Abs(term) < 1e-16 * Math.Abs(sum) && a + j > 0 && b + j > 0))
            {
                break;
            }
        }

        return sum;
    }

    /// <summary>A&amp;S 15.3.6, for c − a − b not an integer:
    /// ₂F₁(a,b;c;z) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) ₂F₁(a,b;a+b−c+1;1−z)
    ///              + (1−z)^(c−a−b) Γ(c)Γ(a+b−c)/(Γ(a)Γ(b)) ₂F₁(c−a,c−b;c−a−b+1;1−z).</summary>
    private static double Connection(double a, double b, double c, double z)
    {
        var d = c - a - b;
        var oneMinusZ = 1 - z;
        var first = GammaRatio(c, d, c - a, c - b) * BestSeries(a, b, 1 - d, oneMinusZ);
        var second = GammaRatio(c, -d, a, b) * Math.Exp(d * Math.Log(oneMinusZ)) * BestSeries(c - a, c - b, d + 1, oneMinusZ);
        return first + second;
    }

    /// <summary>Γ(p)Γ(q) / (Γ(u)Γ(v)) through signed log-gammas (0 when u or v is a pole of Γ).</summary>
    private static double GammaRatio(double p, double q, double u, double v)
    {
        if (IsNonPositiveInteger(u) || IsNonPositiveInteger(v))
        {
            return 0;
        }

        var (lp, sp) = SignedGammaLn(p);
        var (lq, sq) = SignedGammaLn(q);
        var (lu, su) = SignedGammaLn(u);
        var (lv, sv) = SignedGammaLn(v);
        return sp * sq * su * sv * Math.Exp(lp + lq - lu - lv);
    }

    /// <summary>ln |Γ(x)| and the sign of Γ(x), for x not a non-positive integer (reflection below 0).</summary>
    private static (double Log, double Sign) SignedGammaLn(double x)
    {
        if (x > 0)
        {
            return (SpecialFunctions.GammaLn(x), 1);
        }

        // Γ(x) = π / (sin(πx) Γ(1 − x)).
        var sin = Math.Sin(Math.PI * x);
        return (Math.Log(Math.PI) - Math.Log(Math.Abs(sin)) - SpecialFunctions.GammaLn(1 - x), Math.Sign(sin));
    }

    /// <summary>With parameters this large the connection formula's Gamma ratios and prefactors overflow and cancel;
    /// the (Euler-transformed) series, whose terms then shrink from the start, is used even near z = 1.</summary>
    private static bool IsLarge(double a, double b, double c) => Math.Max(Math.Abs(a), Math.Max(Math.Abs(b), Math.Abs(c))) > 50;

    private static bool IsNonPositiveInteger(double x) => x <= 0 && x == Math.Round(x);
}
