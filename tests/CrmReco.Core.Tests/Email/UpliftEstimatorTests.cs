using CrmReco.Core.Email;

namespace CrmReco.Core.Tests.Email;

public sealed class UpliftEstimatorTests
{
    private const double Tolerance = 1e-4;

    // Treatment revenues 10, 20, 30 (pre 1, 2, 3), control 0, 10, 20 (pre 1, 3, 2); two buyers of three against one.
    private static readonly GroupOutcome[] SmallTreatment = [new(10, 1, true), new(20, 2, true), new(30, 3, false)];
    private static readonly GroupOutcome[] SmallControl = [new(0, 1, false), new(10, 3, true), new(20, 2, false)];

    [Fact]
    public void Estimate_TinyGroups_MatchesHandComputedWelchInterval()
    {
        var result = UpliftEstimator.Estimate(SmallTreatment, SmallControl);

        // Means 20 and 10, both variances 100 (n − 1): SE² = 100/3 + 100/3 = 66.667, SE = 8.16497.
        // Equal n and variances: df = 66.667² / (2 · 33.333² / 2) = 4; t(0.975, 4) = 2.776445 → ± 22.66966.
        var welch = result.RevenuePerCustomer!;
        Assert.Equal(UpliftStatus.Estimated, result.Status);
        Assert.Equal(10, welch.Value, Tolerance);
        Assert.Equal(8.16497, welch.StandardError, Tolerance);
        Assert.Equal(4, welch.DegreesOfFreedom!.Value, Tolerance);
        Assert.Equal(10 - 22.66966, welch.Lower, 1e-3);
        Assert.Equal(10 + 22.66966, welch.Upper, 1e-3);
        Assert.False(welch.ExcludesZero);

        // Incremental revenue: 10 × 3 treatment customers = 30, SE 3 × 8.16497 = 24.49490, same df.
        Assert.Equal(30, result.IncrementalRevenue!.Value, Tolerance);
        Assert.Equal(24.49490, result.IncrementalRevenue.StandardError, Tolerance);
        Assert.Equal(30 - (3 * 22.66966), result.IncrementalRevenue.Lower, 1e-3);
    }

    [Fact]
    public void Estimate_TinyGroups_MatchesHandComputedGroupsAndConversion()
    {
        var result = UpliftEstimator.Estimate(SmallTreatment, SmallControl);

        Assert.Equal(new GroupSummary(3, 2, 60, 20, 2.0 / 3), result.Treatment);
        Assert.Equal(new GroupSummary(3, 1, 30, 10, 1.0 / 3), result.Control);
        // 2/3 − 1/3 = 1/3; SE = √(2/9 / 3 + 2/9 / 3) = √(4/27) = 0.384900; z(0.975) = 1.959964 → ± 0.754398.
        var conversion = result.Conversion!;
        Assert.Equal(1.0 / 3, conversion.Value, Tolerance);
        Assert.Equal(0.384900, conversion.StandardError, Tolerance);
        Assert.Null(conversion.DegreesOfFreedom);
        Assert.Equal((1.0 / 3) - 0.754398, conversion.Lower, Tolerance);
        Assert.Equal((1.0 / 3) + 0.754398, conversion.Upper, Tolerance);
        // Three customers and one or two buyers a group: far below 30 and 5.
        Assert.True(result.IsIndicative);
        Assert.Equal("indicatif", result.Label);
    }

    [Fact]
    public void Estimate_TinyGroups_MatchesHandComputedCuped()
    {
        var result = UpliftEstimator.Estimate(SmallTreatment, SmallControl);

        // Both groups: X 1,2,3,1,3,2 (mean 2), Y 10,20,30,0,10,20 (mean 15).
        // Σ(x − 2)(y − 15) = 5 + 0 + 15 + 15 − 5 + 0 = 30; Σ(x − 2)² = 4 → θ = 30 / 4 = 7.5.
        // Adjusted Y − 7.5 (X − 2): treatment 17.5, 20, 22.5 (mean 20, var 6.25); control 7.5, 2.5, 20 (mean 10, var 81.25).
        // SE² = 6.25/3 + 81.25/3 = 29.1667 (SE 5.400617); df = 29.1667² / (2.08333²/2 + 27.0833²/2) = 2.305882.
        // Variance reduction 1 − 29.1667 / 66.6667 = 0.5625.
        var cuped = result.RevenuePerCustomerCuped!;
        Assert.Equal(7.5, result.CupedTheta!.Value, Tolerance);
        Assert.Equal(10, cuped.Value, Tolerance);
        Assert.Equal(5.400617, cuped.StandardError, Tolerance);
        Assert.Equal(2.305882, cuped.DegreesOfFreedom!.Value, Tolerance);
        Assert.Equal(0.5625, result.CupedVarianceReduction!.Value, Tolerance);
        Assert.Equal(30, result.IncrementalRevenueCuped!.Value, Tolerance);
    }

    [Fact]
    public void Estimate_UnequalGroups_UsesWelchSatterthwaiteDegreesOfFreedom()
    {
        // Treatment 10, 20, 30 (var 100, n 3); control 5, 15 (var 50, n 2).
        // SE² = 33.333 + 25 = 58.333; df = 58.333² / (33.333²/2 + 25²/1) = 3402.78 / 1180.56 = 2.882353.
        GroupOutcome[] control = [new(5, 0, true), new(15, 0, true)];

        var welch = UpliftEstimator.Estimate(SmallTreatment, control).RevenuePerCustomer!;

        Assert.Equal(10, welch.Value, Tolerance);
        Assert.Equal(Math.Sqrt(58.3333333), welch.StandardError, Tolerance);
        Assert.Equal(2.882353, welch.DegreesOfFreedom!.Value, Tolerance);
    }

    [Fact]
    public void Estimate_NoControl_GivesNoUpliftAndSaysSo()
    {
        var result = UpliftEstimator.Estimate(SmallTreatment, []);

        Assert.Equal(UpliftStatus.NoControl, result.Status);
        Assert.Null(result.RevenuePerCustomer);
        Assert.Null(result.RevenuePerCustomerCuped);
        Assert.Null(result.Conversion);
        Assert.Null(result.IncrementalRevenue);
        Assert.Equal(new GroupSummary(0, 0, 0, 0, 0), result.Control);
        Assert.Equal(60, result.Treatment.Revenue);
        Assert.Equal("indicatif", result.Label);
    }

    [Fact]
    public void Estimate_SingleControlCustomer_GivesNoUplift()
    {
        var result = UpliftEstimator.Estimate(SmallTreatment, [new(10, 0, true)]);

        Assert.Equal(UpliftStatus.TooFewCustomers, result.Status);
        Assert.Null(result.RevenuePerCustomer);
    }

    [Fact]
    public void Estimate_ZeroVariance_GivesAPointInterval()
    {
        // Nobody buys in either group, nothing in the pre-period: 0 uplift, SE 0, θ 0, no NaN anywhere.
        var none = Enumerable.Repeat(new GroupOutcome(0, 0, false), 40).ToArray();

        var result = UpliftEstimator.Estimate(none, none);

        Assert.Equal(0, result.RevenuePerCustomer!.Value);
        Assert.Equal(0, result.RevenuePerCustomer.StandardError);
        Assert.Equal(0, result.RevenuePerCustomer.Lower);
        Assert.Equal(0, result.RevenuePerCustomer.Upper);
        Assert.Null(result.RevenuePerCustomer.DegreesOfFreedom);
        Assert.Equal(0, result.CupedTheta);
        Assert.Equal(0, result.CupedVarianceReduction);
        Assert.Equal(0, result.Conversion!.Upper);
        Assert.True(result.IsIndicative); // no buyers
    }

    [Theory]
    [InlineData(30, 30, 5, 5, false)]
    [InlineData(29, 30, 5, 5, true)]
    [InlineData(30, 29, 5, 5, true)]
    [InlineData(30, 30, 4, 5, true)]
    [InlineData(30, 30, 5, 4, true)]
    public void Estimate_GroupSizes_AreIndicativeBelowThirtyCustomersOrFiveBuyers(int treatment, int control, int treatmentBuyers, int controlBuyers, bool indicative)
    {
        static GroupOutcome[] Group(int n, int buyers) =>
            Enumerable.Range(0, n).Select(i => i < buyers ? new GroupOutcome(50 + i, 10, true) : new GroupOutcome(0, i, false)).ToArray();

        var result = UpliftEstimator.Estimate(Group(treatment, treatmentBuyers), Group(control, controlBuyers));

        Assert.Equal(indicative, result.IsIndicative);
        Assert.Equal(indicative ? "indicatif" : null, result.Label);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(double.NaN)]
    public void Estimate_ConfidenceOutsideZeroOne_Throws(double confidence) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => UpliftEstimator.Estimate(SmallTreatment, SmallControl, confidence));

    [Fact]
    public void Estimate_SimulatedSales_RecoversThePlantedEffect()
    {
        var (treatment, control) = Simulate(new Random(2026), 20_000, 20_000);

        var result = UpliftEstimator.Estimate(treatment, control);

        // Planted: conversion 60 % vs 50 %, mean basket 60 € → +6 € per customer, +0.10 conversion.
        Assert.InRange(result.RevenuePerCustomer!.Value, 5, 7);
        Assert.InRange(6, result.RevenuePerCustomer.Lower, result.RevenuePerCustomer.Upper);
        Assert.InRange(6, result.RevenuePerCustomerCuped!.Lower, result.RevenuePerCustomerCuped.Upper);
        Assert.InRange(result.Conversion!.Value, 0.09, 0.11);
        Assert.True(result.RevenuePerCustomer.ExcludesZero);
        Assert.False(result.IsIndicative);
        Assert.Equal(result.RevenuePerCustomer.Value * 20_000, result.IncrementalRevenue!.Value, 1e-6);
    }

    [Fact]
    public void Estimate_RepeatedSimulations_CoverTheTrueEffectAtAboutTheNominalRate()
    {
        var random = new Random(42);
        int welch = 0, cuped = 0, conversion = 0;
        const int runs = 400;
        for (var run = 0; run < runs; run++)
        {
            var (treatment, control) = Simulate(random, 400, 200);
            var result = UpliftEstimator.Estimate(treatment, control);
            welch += Covers(result.RevenuePerCustomer!, 6);
            cuped += Covers(result.RevenuePerCustomerCuped!, 6);
            conversion += Covers(result.Conversion!, 0.10);
        }

        Assert.InRange(welch / (double)runs, 0.92, 0.98);
        Assert.InRange(cuped / (double)runs, 0.92, 0.98);
        Assert.InRange(conversion / (double)runs, 0.92, 0.98);
    }

    [Fact]
    public void Estimate_CorrelatedPreRevenue_CupedIntervalIsNarrower()
    {
        var (treatment, control) = Simulate(new Random(7), 2_000, 1_000);

        var result = UpliftEstimator.Estimate(treatment, control);

        var welchWidth = result.RevenuePerCustomer!.Upper - result.RevenuePerCustomer.Lower;
        var cupedWidth = result.RevenuePerCustomerCuped!.Upper - result.RevenuePerCustomerCuped.Lower;
        Assert.True(cupedWidth < welchWidth * 0.95, $"CUPED {cupedWidth:F2} vs Welch {welchWidth:F2}");
        Assert.True(result.CupedVarianceReduction > 0.1);
        Assert.True(result.CupedTheta > 0);
    }

    [Fact]
    public void Pool_TwoIdenticalCampaigns_KeepsTheUpliftAndNarrowsTheInterval()
    {
        var (treatment, control) = Simulate(new Random(3), 500, 250);
        var one = UpliftEstimator.Estimate(treatment, control);

        var pooled = UpliftEstimator.Pool([one, one]);

        // Equal weights: same difference, variance (w²SE² + w²SE²) / (2w)² = SE² / 2; incremental revenue doubles.
        Assert.Equal(2, pooled.Campaigns);
        Assert.Equal(one.RevenuePerCustomer!.Value, pooled.RevenuePerCustomer!.Value, 1e-9);
        Assert.Equal(one.RevenuePerCustomer.StandardError / Math.Sqrt(2), pooled.RevenuePerCustomer.StandardError, 1e-9);
        Assert.Equal(2 * one.RevenuePerCustomer.DegreesOfFreedom!.Value, pooled.RevenuePerCustomer.DegreesOfFreedom!.Value, 1e-6);
        Assert.Equal(2 * one.IncrementalRevenue!.Value, pooled.IncrementalRevenue!.Value, 1e-6);
        Assert.Equal(one.Conversion!.Value, pooled.Conversion!.Value, 1e-9);
        Assert.Equal(1000, pooled.Treatment.Customers);
        Assert.Null(pooled.CupedTheta);
    }

    [Fact]
    public void Pool_CampaignWithoutControl_IsLeftOut()
    {
        var estimated = UpliftEstimator.Estimate(SmallTreatment, SmallControl);
        var noControl = UpliftEstimator.Estimate(SmallTreatment, []);

        var pooled = UpliftEstimator.Pool([estimated, noControl]);

        Assert.Equal(1, pooled.Campaigns);
        Assert.Equal(estimated.RevenuePerCustomer, pooled.RevenuePerCustomer);
        Assert.Equal(3, pooled.Treatment.Customers);
        Assert.Equal(UpliftStatus.NoControl, UpliftEstimator.Pool([noControl]).Status);
    }

    [Fact]
    public void Pool_UnequalCampaigns_WeightsBySampleSize()
    {
        // Campaign A: 3 vs 3, uplift 10 (w = 9/6 = 1.5); campaign B: 3 vs 2, uplift 10 too but different SE (w = 6/5 = 1.2).
        var a = UpliftEstimator.Estimate(SmallTreatment, SmallControl);
        GroupOutcome[] shifted = [new(20, 0, true), new(40, 0, true), new(60, 0, true)];
        GroupOutcome[] control = [new(20, 0, true), new(40, 0, true)];
        var b = UpliftEstimator.Estimate(shifted, control); // means 40 vs 30 → 10; var 400/3 + 200/2 = 233.333

        var pooled = UpliftEstimator.Pool([a, b]);

        // (1.5·10 + 1.2·10) / 2.7 = 10; variance (1.5² · 66.667 + 1.2² · 233.333) / 2.7² = (150 + 336) / 7.29 = 66.667.
        Assert.Equal(10, pooled.RevenuePerCustomer!.Value, Tolerance);
        Assert.Equal(Math.Sqrt(486 / 7.29), pooled.RevenuePerCustomer.StandardError, Tolerance);
        Assert.Equal(60, pooled.IncrementalRevenue!.Value, Tolerance);
    }

    private static int Covers(UpliftEstimate estimate, double truth) => estimate.Lower <= truth && truth <= estimate.Upper ? 1 : 0;

    /// <summary>Customers with a propensity π ~ Beta(0.5, 0.5) (most buy nearly always or nearly never) and a
    /// basket level λ ~ Exponential(mean 60): in each period they buy with probability π (treatment in the window:
    /// π + 0.2 (1 − π)) a basket λ·G, G ~ Gamma(4, 4) of mean 1. E[π] = 0.5, so the planted effect is +0.10
    /// conversion and +0.10 × 60 = +6 € per customer; π and λ, shared by both periods, correlate them (ρ ≈ 0.5).</summary>
    private static (GroupOutcome[] Treatment, GroupOutcome[] Control) Simulate(Random random, int treatment, int control)
    {
        var propensity = new MathNet.Numerics.Distributions.Beta(0.5, 0.5, random);
        var basket = new MathNet.Numerics.Distributions.Gamma(4, 4, random);

        GroupOutcome Customer(bool treated)
        {
            var pi = propensity.Sample();
            var lambda = -60 * Math.Log(1 - random.NextDouble());
            var pre = random.NextDouble() < pi ? lambda * basket.Sample() : 0;
            var buys = random.NextDouble() < (treated ? pi + (0.2 * (1 - pi)) : pi);
            return new GroupOutcome(buys ? lambda * basket.Sample() : 0, pre, buys);
        }

        var t = Enumerable.Range(0, treatment).Select(_ => Customer(true)).ToArray();
        var c = Enumerable.Range(0, control).Select(_ => Customer(false)).ToArray();
        return (t, c);
    }
}
