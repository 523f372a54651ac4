namespace CrmReco.Core.Analytics;

/// <summary>One fitted lifetime model (BG/NBD, Pareto/NBD or MBG/NBD) behind the two quantities the engine reads
/// per customer: P(alive) and the expected purchases in a horizon.</summary>
public sealed record LifetimeModel(string Code, BgNbdParameters? BgNbd = null, ParetoNbdParameters? ParetoNbd = null, MbgNbdParameters? MbgNbd = null)
{
    public const string BgNbdCode = "bg-nbd";
    public const string ParetoNbdCode = "pareto-nbd";
    public const string MbgNbdCode = "mbg-nbd";

    /// <summary>The models compared on held-out data, in the order they are printed.</summary>
    public static readonly IReadOnlyList<string> Codes = [ParetoNbdCode, MbgNbdCode, BgNbdCode];

    public static string DisplayName(string code) => code switch
    {
        BgNbdCode => "BG/NBD",
        ParetoNbdCode => "Pareto/NBD",
        MbgNbdCode => "MBG/NBD",
        _ => code,
    };

    public double LogLikelihood => BgNbd?.LogLikelihood ?? ParetoNbd?.LogLikelihood ?? MbgNbd!.LogLikelihood;

    /// <summary>Fits <paramref name="code"/> on the summaries (throws InvalidOperationException when it does not converge).</summary>
    public static LifetimeModel Fit(string code, IReadOnlyList<CustomerSummary> customers) => code switch
    {
        BgNbdCode => new(code, BgNbd: Analytics.BgNbd.Fit(customers)),
        ParetoNbdCode => new(code, ParetoNbd: Analytics.ParetoNbd.Fit(customers)),
        MbgNbdCode => new(code, MbgNbd: Analytics.MbgNbd.Fit(customers)),
        _ => throw new ArgumentException($"Unknown lifetime model '{code}' (bg-nbd, pareto-nbd, mbg-nbd).", nameof(code)),
    };

    public double ProbabilityAlive(int x, double tx, double t) => Code switch
    {
        BgNbdCode => Analytics.BgNbd.ProbabilityAlive(BgNbd!, x, tx, t),
        ParetoNbdCode => Analytics.ParetoNbd.ProbabilityAlive(ParetoNbd!, x, tx, t),
        _ => Analytics.MbgNbd.ProbabilityAlive(MbgNbd!, x, tx, t),
    };

    public double ExpectedPurchases(int x, double tx, double t, double horizon) => Code switch
    {
        BgNbdCode => Analytics.BgNbd.ExpectedPurchases(BgNbd!, x, tx, t, horizon),
        ParetoNbdCode => Analytics.ParetoNbd.ExpectedPurchases(ParetoNbd!, x, tx, t, horizon),
        _ => Analytics.MbgNbd.ExpectedPurchases(MbgNbd!, x, tx, t, horizon),
    };

    /// <summary>A fit at the boundary: no dropout visible in the data (a/(a+b) → 0 for BG/NBD and MBG/NBD; for
    /// Pareto/NBD, under 10⁻³ chance that the average customer drops out within the mean observation time).</summary>
    public bool IsBoundary(double meanT) => Code switch
    {
        BgNbdCode => BgNbd!.A / (BgNbd.A + BgNbd.B) < 1e-3,
        ParetoNbdCode => Analytics.ParetoNbd.IsBoundary(ParetoNbd!, meanT),
        _ => Analytics.MbgNbd.IsBoundary(MbgNbd!),
    };
}
