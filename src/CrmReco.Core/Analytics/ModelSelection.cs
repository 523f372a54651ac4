using System.Globalization;

namespace CrmReco.Core.Analytics;

/// <summary>How a lifetime model did on the held-out part of the history.</summary>
/// <param name="MeanAbsoluteError">Mean over calibration customers of |predicted − actual| repeat purchases in the holdout.</param>
/// <param name="AggregateError">(Σ predicted − Σ actual) / Σ actual: the error on the estate's total.</param>
/// <param name="Error">Why the model could not be fitted on the calibration part (then no figures, null).</param>
public sealed record ModelCandidate(
    string Model,
    double? MeanAbsoluteError,
    double? AggregateError,
    double? Predicted,
    int Actual,
    double? LogLikelihood,
    bool Boundary,
    string? Error = null);

/// <summary>Which lifetime model a run used and why.</summary>
/// <param name="Status">holdout (chosen on held-out data), forced (--model), insufficient_data.</param>
/// <param name="Model">The model behind the expected purchases and the CLV.</param>
/// <param name="ProbabilityAliveMethod">model, or rule (insufficient data: recency against the usual gap).</param>
/// <param name="Boundary">The final fit shows no dropout (a/(a+b) → 0 or its Pareto/NBD counterpart).</param>
/// <param name="Reason">One French sentence saying why.</param>
public sealed record ModelChoice(
    string Status,
    string Model,
    string ProbabilityAliveMethod,
    bool Boundary,
    string Reason,
    DateOnly? CalibrationEnd,
    int HoldoutDays,
    int CalibrationCustomers,
    IReadOnlyList<ModelCandidate> Candidates)
{
    public const string Holdout = "holdout";
    public const string Forced = "forced";
    public const string InsufficientData = "insufficient_data";
    public const string ModelMethod = "model";
    public const string RuleMethod = "rule";
}

/// <summary>
/// Picks the lifetime model of an estate on its own history: calibration on the first two thirds of the period,
/// prediction of each customer's repeat purchases in the last third, lowest mean absolute error wins. Estates
/// with too little data get a rule-based P(alive) instead. Procedure and thresholds: docs/analytics.md.
/// </summary>
public static class ModelSelection
{
    /// <summary>Below this many customers with an order the models are not trusted (Klaviyo's minimum: 500).</summary>
    public const int MinimumCustomers = 500;

    /// <summary>Below this history (first purchase → as-of) the models are not trusted.</summary>
    public const int MinimumHistoryDays = 365;

    /// <summary>The choice and the model fitted on the whole history.</summary>
    internal static (ModelChoice Choice, LifetimeModel Model) Choose(
        IReadOnlyList<CustomerHistory> histories,
        IReadOnlyList<CustomerSummary> summaries,
        BgNbdParameters bgnbd,
        DateOnly asOf,
        double daysPerUnit,
        string? requested)
    {
        if (requested is not null && requested != "auto" && !LifetimeModel.Codes.Contains(requested))
        {
            throw new ArgumentException($"Unknown lifetime model '{requested}' (auto, bg-nbd, pareto-nbd, mbg-nbd).", nameof(requested));
        }

        var forced = requested is null or "auto" ? null : requested;
        var first = histories.Min(h => h.PurchaseDays[0]);
        var span = asOf.DayNumber - first;
        var meanT = summaries.Average(s => s.T);
        var insufficient = histories.Count < MinimumCustomers || span < MinimumHistoryDays;
        var fr = CultureInfo.GetCultureInfo("fr-FR");
        if (insufficient)
        {
            // Too little data to trust a fitted P(alive): a rule, and the BG/NBD already fitted only for the expected
            // purchases (fitting Pareto/NBD or MBG/NBD on a handful of customers would say nothing more).
            var model = forced is null ? new LifetimeModel(LifetimeModel.BgNbdCode, BgNbd: bgnbd) : FitOrBgNbd(forced, summaries, bgnbd);
            var why = string.Create(fr, $"Données insuffisantes : {histories.Count:N0} clients avec une commande sur {span:N0} jours d'historique (il faut au moins {MinimumCustomers} clients et {MinimumHistoryDays} jours).");
            return (new ModelChoice(
                ModelChoice.InsufficientData,
                model.Code,
                forced is null ? ModelChoice.RuleMethod : ModelChoice.ModelMethod,
                model.IsBoundary(meanT),
                forced is null ? why + " P(actif) estimée par une règle (ancienneté de la dernière commande rapportée à l'intervalle habituel), à titre indicatif." : why + $" Modèle imposé : {LifetimeModel.DisplayName(model.Code)}.",
                null, 0, 0, []), model);
        }

        var calibrationEnd = first + (int)Math.Floor(span * 2.0 / 3);
        var holdoutDays = asOf.DayNumber - calibrationEnd;
        var calibration = new List<CustomerSummary>();
        var actual = new List<int>();
        foreach (var h in histories)
        {
            var days = h.PurchaseDays;
            if (days[0] > calibrationEnd)
            {
                continue;
            }

            var inCalibration = CountUntil(days, calibrationEnd);
            calibration.Add(new CustomerSummary(h.Id, inCalibration - 1, (days[inCalibration - 1] - days[0]) / daysPerUnit, (calibrationEnd - days[0]) / daysPerUnit, 0));
            actual.Add(CountUntil(days, asOf.DayNumber) - inCalibration);
        }

        var horizon = holdoutDays / daysPerUnit;
        var calibrationMeanT = calibration.Average(s => s.T);
        var actualTotal = actual.Sum();
        var candidates = new List<ModelCandidate>();
        foreach (var code in LifetimeModel.Codes)
        {
            try
            {
                var fitted = LifetimeModel.Fit(code, calibration);
                double absolute = 0, predicted = 0;
                for (var i = 0; i < calibration.Count; i++)
                {
                    var c = calibration[i];
                    var p = fitted.ExpectedPurchases(c.Frequency, c.Recency, c.T, horizon);
                    predicted += p;
                    absolute += Math.Abs(p - actual[i]);
                }

                if (!double.IsFinite(absolute))
                {
                    throw new InvalidOperationException($"{LifetimeModel.DisplayName(code)}: non-finite predictions.");
                }

                candidates.Add(new ModelCandidate(code, absolute / calibration.Count, actualTotal == 0 ? null : (predicted - actualTotal) / actualTotal, predicted, actualTotal,
                    fitted.LogLikelihood, fitted.IsBoundary(calibrationMeanT)));
            }
            catch (InvalidOperationException ex)
            {
                candidates.Add(new ModelCandidate(code, null, null, null, actualTotal, null, false, ex.Message));
            }
        }

        var valid = candidates.Where(c => c.MeanAbsoluteError is { } mae && double.IsFinite(mae)).ToList();
        var best = valid.Count == 0 ? null : valid.OrderBy(c => c.MeanAbsoluteError).ThenBy(c => Math.Abs(c.AggregateError ?? 0)).First();
        var chosen = forced ?? best?.Model ?? LifetimeModel.BgNbdCode;
        var final = FitOrBgNbd(chosen, summaries, bgnbd);
        var others = string.Join(", ", valid.Where(c => c != best).Select(c => string.Create(fr, $"{LifetimeModel.DisplayName(c.Model)} {c.MeanAbsoluteError:0.000}")));
        var reason = best is null
            ? "Aucun modèle n'a pu être ajusté sur la période de calibration ; BG/NBD par défaut."
            : string.Create(fr, $"{LifetimeModel.DisplayName(best.Model)} prédit le mieux les achats des {holdoutDays:N0} derniers jours, ajusté sur les précédents : erreur absolue moyenne {best.MeanAbsoluteError:0.000} achat par client ({others}) ; total prévu {best.Predicted:N0} pour {best.Actual:N0} réels.");
        if (forced is not null)
        {
            reason = $"Modèle imposé : {LifetimeModel.DisplayName(final.Code)}. " + reason;
        }

        var boundary = final.IsBoundary(meanT);
        if (boundary)
        {
            reason += " Ajustement à la frontière : aucun abandon visible dans les données (a/(a+b) → 0), P(actif) proche de 1 pour tous.";
        }

        return (new ModelChoice(forced is null ? ModelChoice.Holdout : ModelChoice.Forced, final.Code, ModelChoice.ModelMethod, boundary, reason,
            DateOnly.FromDayNumber(calibrationEnd), holdoutDays, calibration.Count, candidates), final);
    }

    /// <summary>
    /// The rule used when data is insufficient: ρ = days since the last order / usual gap, where the usual gap is
    /// the customer's own mean gap between purchase days when they have one, else the estate's median gap;
    /// P = 1 / (1 + (ρ/2)³): about 0.9 on schedule (ρ = 1), 0.5 at twice the usual gap, 0.1 at four times.
    /// </summary>
    public static double RuleProbabilityAlive(int daysSinceLast, double? ownMeanGapDays, double estateMedianGapDays)
    {
        var gap = ownMeanGapDays is > 0 ? ownMeanGapDays.Value : estateMedianGapDays;
        var rho = Math.Max(0, daysSinceLast) / Math.Max(gap, 1);
        return 1 / (1 + Math.Pow(rho / 2, 3));
    }

    /// <summary>The median of every gap between a customer's consecutive purchase days (365 when nobody bought twice).</summary>
    internal static double MedianGapDays(IReadOnlyList<CustomerHistory> histories)
    {
        var gaps = new List<int>();
        foreach (var h in histories)
        {
            for (var i = 1; i < h.PurchaseDays.Length; i++)
            {
                gaps.Add(h.PurchaseDays[i] - h.PurchaseDays[i - 1]);
            }
        }

        if (gaps.Count == 0)
        {
            return 365;
        }

        gaps.Sort();
        return gaps.Count % 2 == 1 ? gaps[gaps.Count / 2] : (gaps[(gaps.Count / 2) - 1] + gaps[gaps.Count / 2]) / 2.0;
    }

    private static LifetimeModel FitOrBgNbd(string code, IReadOnlyList<CustomerSummary> summaries, BgNbdParameters bgnbd)
    {
        if (code == LifetimeModel.BgNbdCode)
        {
            return new LifetimeModel(code, BgNbd: bgnbd);
        }

        try
        {
            return LifetimeModel.Fit(code, summaries);
        }
        catch (InvalidOperationException)
        {
            return new LifetimeModel(LifetimeModel.BgNbdCode, BgNbd: bgnbd);
        }
    }

    /// <summary>How many of the ascending days are on or before <paramref name="day"/>.</summary>
    private static int CountUntil(int[] days, int day)
    {
        var index = Array.BinarySearch(days, day);
        return index >= 0 ? index + 1 : ~index;
    }
}
