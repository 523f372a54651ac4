using CrmReco.Core.Analytics;

namespace CrmReco.Core.Tests.Analytics;

/// <summary>₂F₁ against closed forms and independently computed values, including arguments where the plain
/// series diverges (z &lt; −1) or crawls (z near 1).</summary>
public sealed class HypergeometricTests
{
    private static void AssertRelative(double expected, double actual, double tolerance = 1e-10) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.95)]
    [InlineData(-0.5)]
    [InlineData(-5)]
    public void F21_OneOneTwo_IsMinusLogOneMinusZOverZ(double z) =>
        AssertRelative(-Math.Log(1 - z) / z, Hypergeometric.F21(1, 1, 2, z));

    [Theory]
    // c − a − b = 0 and the argument (directly or after Pfaff) near 1: the interpolated connection formula.
    [InlineData(0.9999)]
    [InlineData(-1000)]
    [InlineData(-1e6)]
    public void F21_OneOneTwoNearOne_IsMinusLogOneMinusZOverZWithin1e7(double z) =>
        AssertRelative(-Math.Log(1 - z) / z, Hypergeometric.F21(1, 1, 2, z), 1e-7);

    [Theory]
    [InlineData(2.5, 7, 0.3)]
    [InlineData(2.5, 7, 0.97)]
    [InlineData(0.6, 1.6, 0.999)]
    [InlineData(2.5, 7, -20)]
    [InlineData(0.6, 11.7, -300)]
    public void F21_CEqualsB_IsOneMinusZToTheMinusA(double a, double b, double z) =>
        AssertRelative(Math.Pow(1 - z, -a), Hypergeometric.F21(a, b, b, z));

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.9)]
    [InlineData(0.999)]
    public void F21_HalfHalfThreeHalves_IsArcsinOverZ(double x) =>
        AssertRelative(Math.Asin(x) / x, Hypergeometric.F21(0.5, 0.5, 1.5, x * x));

    [Fact]
    public void F21_NearOneWithPositiveExcess_TendsToGaussSum()
    {
        // Gauss: ₂F₁(a, b; c; 1) = Γ(c)Γ(c−a−b) / (Γ(c−a)Γ(c−b)) when c > a + b; value at 1 − 10⁻¹² from mpmath.
        AssertRelative(1.17166013383201664061726227614, Hypergeometric.F21(0.5, 0.7, 3.3, 1 - 1e-12), 1e-9);
    }

    [Theory]
    // Pareto/NBD's shape ₂F₁(r+s+x, s+1; r+s+x+1; z) with CDNOW-like r, s and x = 3; reference values from mpmath (30 digits).
    [InlineData(4.159, 1.606, 5.159, -50, 0.00289237581982961164970563959152)]
    [InlineData(4.159, 1.606, 5.159, 0.999, 423.054425600937418867414862302)]
    [InlineData(4.159, 3.553, 5.159, 0.95, 3262.15241139717365514390471644)]
    [InlineData(1.2, 0.7, 2.9, -1e4, 0.00498804997108378208826779123181)]
    [InlineData(10.5, 11.6, 23.1, 0.97, 57815.0596366690572444340308798)]
    public void F21_LargeArguments_MatchReferenceValues(double a, double b, double c, double z, double expected) =>
        AssertRelative(expected, Hypergeometric.F21(a, b, c, z), 1e-9);

    [Fact]
    public void F21_LargeParameter_UsesEulersTransformationAndStaysFiniteInLogs()
    {
        // Pareto/NBD with r in the thousands: the plain series would need ~10⁴ growing terms first; mpmath references.
        AssertRelative(120.318506836777031027230940398, Hypergeometric.F21(10000.6, 1.6, 10001.6, 0.95), 1e-9);
        // ₂F₁ itself is ≈ 10³⁰⁰⁹ here: beyond a double, its logarithm is not.
        AssertRelative(6930.7787384132930635997619134, Hypergeometric.LogF21(10000.6, 10000, 10001.6, 0.5), 1e-12);
    }

    [Fact]
    public void F21_BelowMinusOne_WhereTheSeriesDiverges_MatchesTheIntegral()
    {
        // ₂F₁(a, b; a+1; z) = a ∫₀¹ t^(a−1) (1 − z t)^(−b) dt (Euler's integral with c = a + 1), by Simpson's rule.
        double a = 4.159, b = 1.606, z = -80;
        const int n = 20_000;
        var h = 1.0 / n;
        double Integrand(double t) => Math.Pow(t, a - 1) * Math.Pow(1 - (z * t), -b);
        var sum = Integrand(0) + Integrand(1);
        for (var i = 1; i < n; i++)
        {
            sum += (i % 2 == 1 ? 4 : 2) * Integrand(i * h);
        }

        AssertRelative(a * sum * h / 3, Hypergeometric.F21(a, b, a + 1, z), 1e-8);
        Assert.True(double.IsInfinity(Hypergeometric.Series(a, b, a + 1, z)) || double.IsNaN(Hypergeometric.Series(a, b, a + 1, z))
            || Math.Abs(Hypergeometric.Series(a, b, a + 1, z)) > 1e100, "the plain series diverges there");
    }
}
