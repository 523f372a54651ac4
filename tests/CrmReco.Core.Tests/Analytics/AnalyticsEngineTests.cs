using CrmReco.Core.Analytics;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Tests.Analytics;

public sealed class AnalyticsEngineTests
{
    [Fact]
    public void Fit_SimulatedBgNbdCustomers_RecoversTheParameters()
    {
        // MathNet's Gamma takes a rate: rate α gives the BG/NBD λ ~ Gamma(r, α) of FHL 2005.
        var truth = new BgNbdParameters(0.5, 6, 0.8, 2.5, 0);
        var customers = BgNbdSimulator.Simulate(truth, 20_000, 52, seed: 7);

        var fit = BgNbd.Fit(customers);

        Assert.InRange(fit.R, truth.R * 0.85, truth.R * 1.15);
        Assert.InRange(fit.Alpha, truth.Alpha * 0.85, truth.Alpha * 1.15);
        Assert.InRange(fit.A, truth.A * 0.8, truth.A * 1.2);
        Assert.InRange(fit.B, truth.B * 0.8, truth.B * 1.2);
    }

    [Fact]
    public void GammaGammaFit_SimulatedSpend_RecoversTheParameters()
    {
        // ν ~ Gamma(q, rate γ) per customer, each order value ~ Gamma(p, rate ν); 30,000 repeat buyers is above
        // the search sample, so the starting points are compared on a sample and refined on everyone.
        const double p = 6, q = 4, gamma = 15;
        var random = new Random(11);
        var nu = new MathNet.Numerics.Distributions.Gamma(q, gamma, random);
        var customers = new List<CustomerSummary>();
        for (var i = 0; i < 30_000; i++)
        {
            var x = 1 + random.Next(6);
            var spend = new MathNet.Numerics.Distributions.Gamma(p, nu.Sample(), random);
            var total = 0.0;
            for (var k = 0; k < x; k++)
            {
                total += spend.Sample();
            }

            customers.Add(new CustomerSummary(i.ToString(System.Globalization.CultureInfo.InvariantCulture), x, 1, 2, total / x));
        }

        var fit = GammaGamma.Fit(customers);

        Assert.InRange(fit.P, p * 0.9, p * 1.1);
        Assert.InRange(fit.Q, q * 0.85, q * 1.15);
        Assert.InRange(fit.Gamma, gamma * 0.85, gamma * 1.15);
    }

    [Fact]
    public void QuintileScores_TiesShareAScoreAndRecencyIsReversed()
    {
        Assert.Equal([1, 2, 3, 4, 5], Segments.QuintileScores([10, 20, 30, 40, 50]));
        Assert.Equal([5, 4, 3, 2, 1], Segments.QuintileScores([10, 20, 30, 40, 50], higherIsBetter: false));
        var tied = Segments.QuintileScores([1, 1, 1, 1, 1, 1, 5, 9, 12, 20]);
        Assert.Single(tied.Take(6).Distinct());
        Assert.Equal(5, tied[9]);
    }

    [Fact]
    public void Segments_DefaultTable_CoversAllCellsWithTheUsualNames()
    {
        for (var r = 1; r <= 5; r++)
        {
            for (var f = 1; f <= 5; f++)
            {
                Assert.NotNull(Segments.Of(r, f));
            }
        }

        Assert.Equal("champions", Segments.Of(5, 5).Code);
        Assert.Equal("cant_lose", Segments.Of(1, 5).Code);
        Assert.Equal("new", Segments.Of(5, 1).Code);
        Assert.Equal("lost", Segments.Of(1, 1).Code);
        Assert.Equal("À risque", Segments.Of(2, 4).French);
    }

    private static Transaction T(string customer, string order, string date, string product, double quantity, double amount) =>
        new(customer, order, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), product, quantity, amount);

    private static List<Transaction> SmallEstate()
    {
        var lines = new List<Transaction>();
        // A: regular every ~90 days, Riesling lover. B: one order long ago. C: explorer, recent.
        foreach (var (d, i) in new[] { "2024-01-10", "2024-04-09", "2024-07-08", "2024-10-06", "2025-01-04" }.Select((d, i) => (d, i)))
        {
            lines.Add(T("A", "A" + i, d, "RIE", 6, 60));
        }

        lines.Add(T("B", "B0", "2023-03-01", "GEW", 2, 25));
        lines.Add(T("C", "C0", "2024-11-20", "RIE", 1, 10));
        lines.Add(T("C", "C0", "2024-11-20", "GEW", 1, 12));
        lines.Add(T("C", "C1", "2024-12-20", "PG", 1, 11));
        lines.Add(T("C", "C1", "2024-12-20", "PN", 1, 13));
        lines.Add(T("C", "AV:C1", "2024-12-28", "PN", -1, -13)); // credit note: nets out, is not an order
        for (var i = 0; i < 20; i++)
        {
            lines.Add(T("N" + i, "N" + i, $"2024-{1 + (i % 12):00}-15", "EDEL", 1, 7));
            lines.Add(T("N" + i, "M" + i, $"2024-{1 + (i % 12):00}-28", "EDEL", 1, 7));
        }

        return lines;
    }

    [Fact]
    public void Run_SmallEstate_ComputesRfmRebuyAndTaste()
    {
        var products = new Dictionary<string, ProductAttributes>
        {
            ["RIE"] = new("Riesling", "white", false, false, false, null),
            ["GEW"] = new("Gewurztraminer", "white", false, false, false, null),
            ["PG"] = new("Pinot Gris", "white", false, false, false, null),
            ["PN"] = new("Pinot Noir", "red", false, false, false, null),
            ["EDEL"] = new("Edelzwicker", "white", false, false, false, null),
        };

        var result = AnalyticsEngine.Run(SmallEstate(), new AnalyticsOptions(new DateOnly(2025, 4, 10)), products);
        var byId = result.Customers.ToDictionary(c => c.CustomerId);

        var a = byId["A"];
        Assert.Equal(5, a.Orders);
        Assert.Equal(300, a.Monetary);
        Assert.Equal("loyalist", a.TasteKind);
        Assert.Equal("Riesling", a.FavouriteVariety);
        Assert.Equal(0, a.DiversityEntropy);
        // 4 gaps of 90 days; shrunk toward the estate gap with k = 2.
        var estate = result.EstateGapDays;
        Assert.Equal(Math.Round(((4 * 90.0) + (2 * estate)) / 6, 1), a.TypicalGapDays);
        Assert.True(a.IsDue); // 96 days since the last order, typical gap ≈ 90
        Assert.Equal(5, a.FScore);

        var c = byId["C"];
        Assert.Equal(2, c.Orders); // the credit note is not an order
        Assert.Equal(33, c.Monetary); // 10 + 12 + 11 + 13 − 13
        Assert.Equal(4, c.VarietyCount);
        Assert.Equal(Math.Round(Math.Log(4), 4), c.DiversityEntropy);
        Assert.Equal("explorer", c.TasteKind);
        Assert.Equal(0.25, c.Shares!.BottlesByVariety["Pinot Noir"]); // 1 of 4 bottles bought (the return is not a purchase)
        Assert.Equal(Math.Round(13 / 46.0, 4), c.Shares.SpendByVariety["Pinot Noir"]);
        Assert.Equal(0.75, c.Shares.BottlesByColour["white"]);
        Assert.Equal(1.0, c.Shares.BottlesByStyle["other"]);

        var b = byId["B"];
        Assert.Equal(1, b.Orders);
        Assert.True(b.ProbabilityAlive == 1.0); // BG/NBD: no repeat yet means not yet seen dropping out
        Assert.True(b.RScore < a.RScore);
        Assert.Equal(result.Customers.Count, result.Segments.Sum(s => s.Customers));
        Assert.Contains(result.RepurchaseCycles, cycle => cycle.Family == "Riesling" && cycle.MedianGapDays == 90);
    }
}
