using MathNet.Numerics.Distributions;

namespace CrmReco.Core.Email;

/// <summary>One customer of a campaign group over the results window: the revenue in the window, the revenue in
/// the pre-period of the same length (the CUPED covariate) and whether they bought in the window.</summary>
public readonly record struct GroupOutcome(double Revenue, double PreRevenue, bool Converted);

/// <summary>What can be said of a campaign's uplift.</summary>
public enum UpliftStatus
{
    /// <summary>Both groups have at least two customers: every uplift field is set.</summary>
    Estimated,

    /// <summary>The control group is empty: there is nothing to compare with, no uplift is given.</summary>
    NoControl,

    /// <summary>The treatment group is empty: no uplift is given.</summary>
    NoTreatment,

    /// <summary>A group has a single customer: its variance is undefined, no uplift is given.</summary>
    TooFewCustomers,
}

/// <summary>The descriptive figures of one group (or of one side of several pooled campaigns).</summary>
public sealed record GroupSummary(int Customers, int Buyers, double Revenue, double RevenuePerCustomer, double Conversion);

/// <summary>A difference treatment − control with its standard error and confidence interval.</summary>
/// <param name="DegreesOfFreedom">Welch–Satterthwaite degrees of freedom of the t interval; null when the interval
/// uses the normal quantile (conversion) or the standard error is zero.</param>
public sealed record UpliftEstimate(double Value, double StandardError, double? DegreesOfFreedom, double Lower, double Upper)
{
    /// <summary>The interval excludes zero.</summary>
    public bool ExcludesZero => Lower > 0 || Upper < 0;
}

/// <summary>A campaign's (or several pooled campaigns') results: the groups and the uplift of treatment over control.
/// The uplift fields are null unless <see cref="Status"/> is <see cref="UpliftStatus.Estimated"/>.</summary>
/// <param name="Campaigns">How many campaigns the figures cover (1 for <see cref="UpliftEstimator.Estimate"/>).</param>
/// <param name="RevenuePerCustomer">Revenue per customer, treatment − control, Welch's t interval.</param>
/// <param name="RevenuePerCustomerCuped">The same on the CUPED-adjusted revenue (pre-period revenue as covariate).</param>
/// <param name="CupedTheta">θ = cov(Y, X) / var(X) over both groups; null when pooled (one θ per campaign).</param>
/// <param name="CupedVarianceReduction">1 − SE²(CUPED) / SE²(Welch): the share of the estimator's variance removed.</param>
/// <param name="Conversion">Conversion (share of buyers), treatment − control, unpooled normal interval.</param>
/// <param name="IncrementalRevenue">Revenue-per-customer uplift × treatment customers (Welch).</param>
/// <param name="IncrementalRevenueCuped">The same from the CUPED uplift.</param>
/// <param name="IsIndicative">A group is small (see <see cref="UpliftEstimator.MinCustomers"/> and
/// <see cref="UpliftEstimator.MinBuyers"/>) or no uplift could be estimated: show it as "indicatif".</param>
public sealed record UpliftResult(
    UpliftStatus Status,
    double Confidence,
    int Campaigns,
    GroupSummary Treatment,
    GroupSummary Control,
    UpliftEstimate? RevenuePerCustomer,
    UpliftEstimate? RevenuePerCustomerCuped,
    double? CupedTheta,
    double? CupedVarianceReduction,
    UpliftEstimate? Conversion,
    UpliftEstimate? IncrementalRevenue,
    UpliftEstimate? IncrementalRevenueCuped,
    bool IsIndicative)
{
    /// <summary>"indicatif" when <see cref="IsIndicative"/>, null otherwise.</summary>
    public string? Label => IsIndicative ? UpliftEstimator.IndicativeLabel : null;
}

/// <summary>
/// The uplift of a campaign's treatment group over its randomised control group: Welch's t interval on the revenue
/// per customer, the same after CUPED (Deng, Xu, Kohavi &amp; Walker 2013), the difference of conversions with an
/// unpooled normal interval, and the incremental revenue. Formulas and sources: docs/email.md, "Statistics".
/// </summary>
public static class UpliftEstimator
{
    /// <summary>Below this many customers in either group the result is "indicatif".</summary>
    public const int MinCustomers = 30;

    /// <summary>Below this many buyers in either group the result is "indicatif" (the np ≥ 5 rule of thumb for the
    /// normal approximation of a proportion; revenue is then carried by a handful of orders).</summary>
    public const int MinBuyers = 5;

    /// <summary>The label of a result that must not be read as significant.</summary>
    public const string IndicativeLabel = "indicatif";

    /// <summary>Estimates the uplift of <paramref name="treatment"/> over <paramref name="control"/>.</summary>
    /// <param name="confidence">The intervals' two-sided confidence level, in (0, 1).</param>
    public static UpliftResult Estimate(IReadOnlyList<GroupOutcome> treatment, IReadOnlyList<GroupOutcome> control, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(treatment);
        ArgumentNullException.ThrowIfNull(control);
        CheckConfidence(confidence);
        var t = Summarise(treatment);
        var c = Summarise(control);
        var status = StatusOf(treatment.Count, control.Count);
        if (status != UpliftStatus.Estimated)
        {
            return new UpliftResult(status, confidence, 1, t, c, null, null, null, null, null, null, null, IsIndicative: true);
        }

        var welch = Welch(Moments(treatment, o => o.Revenue), Moments(control, o => o.Revenue));
        var theta = CupedTheta(treatment, control);
        var meanX = (treatment.Sum(o => o.PreRevenue) + control.Sum(o => o.PreRevenue)) / (treatment.Count + control.Count);
        var cuped = Welch(
            Moments(treatment, o => o.Revenue - (theta * (o.PreRevenue - meanX))),
            Moments(control, o => o.Revenue - (theta * (o.PreRevenue - meanX))));
        var conversion = new Component[]
        {
            new(t.Conversion * (1 - t.Conversion) / t.Customers, null),
            new(c.Conversion * (1 - c.Conversion) / c.Customers, null),
        };
        return Build(
            confidence,
            1,
            t,
            c,
            (welch.Difference, welch.Components),
            (cuped.Difference, cuped.Components),
            theta,
            (t.Conversion - c.Conversion, conversion),
            (welch.Difference * t.Customers, Scale(welch.Components, t.Customers)),
            (cuped.Difference * t.Customers, Scale(cuped.Components, t.Customers)));
    }

    /// <summary>
    /// Pools several campaigns (a season) as strata: each campaign's difference weighted by
    /// w = n_t·n_c / (n_t + n_c), the variance Σ w²·SE² / (Σ w)², the degrees of freedom combined by
    /// Welch–Satterthwaite; the incremental revenues are summed. Campaigns without an estimate (no control…) are
    /// left out; the group figures are the sums over the campaigns kept.
    /// </summary>
    public static UpliftResult Pool(IReadOnlyList<UpliftResult> campaigns, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(campaigns);
        CheckConfidence(confidence);
        var kept = campaigns.Where(r => r.Status == UpliftStatus.Estimated).ToList();
        if (kept.Count == 0)
        {
            var empty = new GroupSummary(0, 0, 0, 0, 0);
            var status = campaigns.Count == 0 ? UpliftStatus.NoControl : campaigns[0].Status;
            return new UpliftResult(status, confidence, 0, empty, empty, null, null, null, null, null, null, null, IsIndicative: true);
        }

        var t = Sum(kept.Select(r => r.Treatment));
        var c = Sum(kept.Select(r => r.Control));
        var weights = kept.Select(r => (double)r.Treatment.Customers * r.Control.Customers / (r.Treatment.Customers + r.Control.Customers)).ToList();
        var total = weights.Sum();

        (double, Component[]) Weighted(Func<UpliftResult, UpliftEstimate> pick) =>
            (kept.Select((r, i) => weights[i] * pick(r).Value).Sum() / total,
             kept.Select((r, i) => new Component(Square(weights[i] / total * pick(r).StandardError), pick(r).DegreesOfFreedom)).ToArray());

        (double, Component[]) Summed(Func<UpliftResult, UpliftEstimate> pick) =>
            (kept.Sum(r => pick(r).Value), kept.Select(r => new Component(Square(pick(r).StandardError), pick(r).DegreesOfFreedom)).ToArray());

        return Build(
            confidence,
            kept.Count,
            t,
            c,
            Weighted(r => r.RevenuePerCustomer!),
            Weighted(r => r.RevenuePerCustomerCuped!),
            null,
            Weighted(r => r.Conversion!),
            Summed(r => r.IncrementalRevenue!),
            Summed(r => r.IncrementalRevenueCuped!));
    }

    /// <summary>One term of a variance sum, with the degrees of freedom of its estimate (null: known/normal).</summary>
    private readonly record struct Component(double Variance, double? DegreesOfFreedom);

    private readonly record struct Sample(int N, double Mean, double Variance);

    private static UpliftResult Build(
        double confidence,
        int campaigns,
        GroupSummary t,
        GroupSummary c,
        (double Value, Component[] Parts) welch,
        (double Value, Component[] Parts) cuped,
        double? theta,
        (double Value, Component[] Parts) conversion,
        (double Value, Component[] Parts) incremental,
        (double Value, Component[] Parts) incrementalCuped)
    {
        var welchEstimate = Interval(welch.Value, welch.Parts, confidence);
        var cupedEstimate = Interval(cuped.Value, cuped.Parts, confidence);
        var reduction = welchEstimate.StandardError > 0
            ? 1 - (Square(cupedEstimate.StandardError) / Square(welchEstimate.StandardError))
            : 0;
        var indicative = t.Customers < MinCustomers || c.Customers < MinCustomers || t.Buyers < MinBuyers || c.Buyers < MinBuyers;
        return new UpliftResult(
            UpliftStatus.Estimated,
            confidence,
            campaigns,
            t,
            c,
            welchEstimate,
            cupedEstimate,
            theta,
            reduction,
            Interval(conversion.Value, conversion.Parts, confidence),
            Interval(incremental.Value, incremental.Parts, confidence),
            Interval(incrementalCuped.Value, incrementalCuped.Parts, confidence),
            indicative);
    }

    /// <summary>The interval of a difference whose variance is a sum of components: Student's t with the
    /// Welch–Satterthwaite degrees of freedom (Σ v)² / Σ (v² / df), the normal quantile when a component has no
    /// degrees of freedom (a proportion) or the variance is zero.</summary>
    private static UpliftEstimate Interval(double value, Component[] parts, double confidence)
    {
        var variance = parts.Sum(p => p.Variance);
        var se = Math.Sqrt(variance);
        double? df = null;
        if (variance > 0 && parts.Where(p => p.Variance > 0).All(p => p.DegreesOfFreedom is not null))
        {
            df = Square(variance) / parts.Where(p => p.Variance > 0).Sum(p => Square(p.Variance) / p.DegreesOfFreedom!.Value);
        }

        var p = 1 - ((1 - confidence) / 2);
        var quantile = df is { } d ? StudentT.InvCDF(0, 1, d, p) : Normal.InvCDF(0, 1, p);
        return new UpliftEstimate(value, se, df, value - (quantile * se), value + (quantile * se));
    }

    private static (double Difference, Component[] Components) Welch(Sample t, Sample c) =>
        (t.Mean - c.Mean, [new(t.Variance / t.N, t.N - 1), new(c.Variance / c.N, c.N - 1)]);

    private static Component[] Scale(Component[] parts, double factor) =>
        parts.Select(p => p with { Variance = p.Variance * factor * factor }).ToArray();

    /// <summary>θ = cov(Y, X) / var(X) over both groups together (the groups are randomised, so X is independent of
    /// the assignment); 0 when the pre-period revenue does not vary, which leaves CUPED equal to Welch.</summary>
    private static double CupedTheta(IReadOnlyList<GroupOutcome> treatment, IReadOnlyList<GroupOutcome> control)
    {
        var all = treatment.Concat(control).ToList();
        var meanX = all.Average(o => o.PreRevenue);
        var meanY = all.Average(o => o.Revenue);
        var covariance = all.Sum(o => (o.PreRevenue - meanX) * (o.Revenue - meanY));
        var varianceX = all.Sum(o => Square(o.PreRevenue - meanX));
        return varianceX > 0 ? covariance / varianceX : 0;
    }

    /// <summary>Mean and unbiased variance (n − 1), two passes for accuracy.</summary>
    private static Sample Moments(IReadOnlyList<GroupOutcome> group, Func<GroupOutcome, double> value)
    {
        var mean = group.Average(value);
        var squares = group.Sum(o => Square(value(o) - mean));
        return new Sample(group.Count, mean, squares / (group.Count - 1));
    }

    private static GroupSummary Summarise(IReadOnlyList<GroupOutcome> group)
    {
        var revenue = group.Sum(o => o.Revenue);
        var buyers = group.Count(o => o.Converted);
        return group.Count == 0
            ? new GroupSummary(0, 0, 0, 0, 0)
            : new GroupSummary(group.Count, buyers, revenue, revenue / group.Count, (double)buyers / group.Count);
    }

    private static GroupSummary Sum(IEnumerable<GroupSummary> groups)
    {
        var list = groups.ToList();
        var customers = list.Sum(g => g.Customers);
        var buyers = list.Sum(g => g.Buyers);
        var revenue = list.Sum(g => g.Revenue);
        return customers == 0
            ? new GroupSummary(0, 0, 0, 0, 0)
            : new GroupSummary(customers, buyers, revenue, revenue / customers, (double)buyers / customers);
    }

    private static UpliftStatus StatusOf(int treatment, int control) =>
        control == 0 ? UpliftStatus.NoControl
        : treatment == 0 ? UpliftStatus.NoTreatment
        : treatment < 2 || control < 2 ? UpliftStatus.TooFewCustomers
        : UpliftStatus.Estimated;

    private static void CheckConfidence(double confidence)
    {
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "The confidence level must lie strictly between 0 and 1.");
        }
    }

    private static double Square(double x) => x * x;
}
