using System.CommandLine;
using System.Globalization;
using CrmReco.Core.Analytics;
using CrmReco.Core.Storage;
using CrmReco.Core.Transactions;
using CrmReco.Worker.Common;

using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Worker.Analytics;

/// <summary>`crmreco analyze`: RFM segments, BG/NBD + Gamma-Gamma lifetime value, rebuy timing and taste.</summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var transactions = new Option<FileInfo?>("--transactions") { Description = "Fit on a transactions CSV (customer_id, order_id, date, product_id, quantity, amount) instead of the database." };
        var summary = new Option<FileInfo?>("--summary") { Description = "Fit on a customer summary CSV (frequency, recency, T[, monetary_value])." };
        var calibrationEnd = new Option<string?>("--calibration-end") { Description = "Last day of the calibration period (yyyy-mm-dd); default: the last transaction date." };
        var asOf = new Option<string?>("--as-of") { Description = "Alias of --calibration-end for the database path: 'today' of the analysis." };
        var unit = new Option<string>("--time-unit") { Description = "BG/NBD time unit: day or week.", DefaultValueFactory = _ => "week" };
        var model = new Option<string>("--model")
        {
            Description = "Lifetime model: auto (chosen on held-out data), pareto-nbd, mbg-nbd or bg-nbd.",
            DefaultValueFactory = _ => "auto",
        };
        model.AcceptOnlyFromAmong("auto", LifetimeModel.ParetoNbdCode, LifetimeModel.MbgNbdCode, LifetimeModel.BgNbdCode);
        var columns = TransactionColumnOptions.Create();
        var command = new Command("analyze", "Customer analytics: RFM segments, lifetime value (BG/NBD + Gamma-Gamma), rebuy timing, taste.")
        {
            db, transactions, summary, calibrationEnd, asOf, unit, model, json,
        };
        foreach (var option in columns.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var daysPerUnit = parse.GetValue(unit) switch { "day" => 1.0, "week" => 7.0, var other => double.NaN };
            if (double.IsNaN(daysPerUnit))
            {
                return CommonOptions.Fail(parse, "--time-unit must be day or week.");
            }

            if (parse.GetValue(summary) is { } summaryFile)
            {
                return AnalyzeSummary(parse, summaryFile, parse.GetValue(model)!, parse.GetValue(json));
            }

            DateOnly? end = null;
            if ((parse.GetValue(calibrationEnd) ?? parse.GetValue(asOf)) is { } endText)
            {
                if (!DateOnly.TryParseExact(endText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    return CommonOptions.Fail(parse, $"dates are yyyy-mm-dd, not '{endText}'.");
                }

                end = parsed;
            }

            var (history, error) = await columns.LoadAsync(parse, db, transactions, ct);
            if (history is null)
            {
                return CommonOptions.Fail(parse, error!);
            }

            IReadOnlyDictionary<string, ProductAttributes>? products = null;
            await using var services = parse.GetValue(transactions) is null ? await CliServices.OpenAsync(parse.GetValue(db), ct) : null;
            if (services is not null)
            {
                products = await DatabaseAnalytics.ProductAttributesAsync(services.GetRequiredService<ICrmQueries>(), ct);
            }

            var outcome = DatabaseAnalytics.Analyze(history, end, daysPerUnit, products, parse.GetValue(model)!);
            if (services is not null)
            {
                // The database path keeps every run, so movements between segments can be followed.
                outcome = await services.GetRequiredService<DatabaseAnalytics>().StoreAsync(outcome, ct);
            }

            var (result, propensity, propensityNote, runId, moves) = outcome;
            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, new
                {
                    runId,
                    asOf = result.AsOf,
                    bgnbd = result.BgNbd,
                    model = result.Lifetime?.Code,
                    paretoNbd = result.Lifetime?.ParetoNbd,
                    mbgNbd = result.Lifetime?.MbgNbd,
                    modelChoice = result.ModelChoice,
                    gammaGamma = result.GammaGamma,
                    customers = result.Customers.Count,
                    estateGapDays = result.EstateGapDays,
                    propensity = propensity is null
                        ? (object)new { error = propensityNote }
                        : new { modelAuc = propensity.ModelAuc, bgnbdAuc = propensity.BgNbdAuc, propensity.TrainingExamples, propensity.EvaluationExamples },
                    segments = result.Segments,
                    repurchaseCycles = result.RepurchaseCycles,
                    segmentMoves = moves.GroupBy(m => (m.From, m.To)).Select(g => new { from = g.Key.From, to = g.Key.To, customers = g.Count() }),
                    customerDetails = result.Customers,
                });
            }
            else
            {
                PrintTable(parse, result);
                parse.Out().WriteLine(propensity is null
                    ? $"Propension à commander sous 90 jours : non calculée ({propensityNote})"
                    : string.Create(CultureInfo.InvariantCulture, $"Propension à commander sous 90 jours (ML.NET FastTree) : AUC {propensity.ModelAuc:0.000} contre {propensity.BgNbdAuc:0.000} pour BG/NBD, sur la dernière fenêtre de 90 jours."));
                if (runId is not null)
                {
                    PrintMoves(parse, runId.Value, moves);
                }
            }

            return 0;
        });
        return command;
    }

    private static void PrintMoves(ParseResult parse, long runId, IReadOnlyList<SegmentMove> moves)
    {
        var names = Segments.Default.ToDictionary(s => s.Code, s => s.French, StringComparer.Ordinal);
        parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"Analyse n° {runId} enregistrée ; {moves.Count} client(s) ont changé de segment depuis la précédente."));
        foreach (var group in moves.GroupBy(m => (m.From, m.To)).OrderByDescending(g => g.Count()).Take(10))
        {
            parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {names.GetValueOrDefault(group.Key.From, group.Key.From)} → {names.GetValueOrDefault(group.Key.To, group.Key.To)} : {group.Count()}"));
        }
    }

    /// <summary>At the boundary (q, γ → ∞) the parameters are meaningless numbers; their ratio is the answer.</summary>
    private static string DescribeGammaGamma(GammaGammaParameters gg) => gg.Q > 1e6
        ? string.Create(CultureInfo.InvariantCulture, $"Gamma-Gamma  spend barely differs between customers: expected order value = population mean {gg.P * gg.Gamma / (gg.Q - 1):0.00}")
        : string.Create(CultureInfo.InvariantCulture, $"Gamma-Gamma  p={gg.P:0.00} q={gg.Q:0.00} gamma={gg.Gamma:0.00}");

    private static int AnalyzeSummary(ParseResult parse, FileInfo file, string model, bool json)
    {
        List<CustomerSummary> customers;
        try
        {
            customers = SummaryCsv.Load(file.FullName);
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or FormatException)
        {
            return CommonOptions.Fail(parse, ex.Message);
        }

        // A summary has no dates to hold out: "auto" keeps BG/NBD, as before the other models existed.
        LifetimeModel fitted;
        try
        {
            fitted = LifetimeModel.Fit(model == "auto" ? LifetimeModel.BgNbdCode : model, customers);
        }
        catch (InvalidOperationException ex)
        {
            return CommonOptions.Fail(parse, ex.Message);
        }

        GammaGammaParameters? gg = customers.Any(c => c.MonetaryValue > 0) ? GammaGamma.Fit(customers) : null;
        if (json)
        {
            CommonOptions.WriteJson(parse, new { model = fitted.Code, bgnbd = fitted.BgNbd, paretoNbd = fitted.ParetoNbd, mbgNbd = fitted.MbgNbd, gammaGamma = gg, customers = customers.Count });
        }
        else
        {
            parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"{customers.Count:N0} customers"));
            parse.Out().WriteLine(DescribeModel(fitted));
            if (gg is not null)
            {
                parse.Out().WriteLine(DescribeGammaGamma(gg));
            }
        }

        return 0;
    }

    private static string DescribeModel(LifetimeModel m) => m switch
    {
        { ParetoNbd: { } p } => string.Create(CultureInfo.InvariantCulture, $"Pareto/NBD   r={p.R:0.000} alpha={p.Alpha:0.000} s={p.S:0.000} beta={p.Beta:0.000} LL={p.LogLikelihood:0.0}"),
        { MbgNbd: { } p } => string.Create(CultureInfo.InvariantCulture, $"MBG/NBD      r={p.R:0.000} alpha={p.Alpha:0.000} a={p.A:0.000} b={p.B:0.000} LL={p.LogLikelihood:0.0}"),
        { BgNbd: { } p } => string.Create(CultureInfo.InvariantCulture, $"BG/NBD       r={p.R:0.000} alpha={p.Alpha:0.000} a={p.A:0.000} b={p.B:0.000} LL={p.LogLikelihood:0.0}"),
        _ => m.Code,
    };

    /// <summary>The chosen model, why, and the held-out comparison.</summary>
    private static void PrintChoice(ParseResult parse, ModelChoice choice, CultureInfo fr)
    {
        parse.Out().WriteLine();
        parse.Out().WriteLine(choice.Status switch
        {
            ModelChoice.InsufficientData => $"Modèle — {choice.Reason}",
            ModelChoice.Forced => $"Modèle : {LifetimeModel.DisplayName(choice.Model)} (imposé par --model)",
            _ => $"Modèle : {LifetimeModel.DisplayName(choice.Model)} (choisi sur données mises de côté)",
        });
        if (choice.Candidates.Count > 0)
        {
            parse.Out().WriteLine(string.Create(fr, $"Comparaison : calibration jusqu'au {choice.CalibrationEnd:yyyy-MM-dd}, {choice.CalibrationCustomers:N0} clients, achats des {choice.HoldoutDays:N0} jours suivants"));
            parse.Out().WriteLine($"  {"Modèle",-12} {"Erreur abs. moy.",17} {"Erreur totale",14} {"Prévus",9} {"Réels",7}");
            foreach (var c in choice.Candidates)
            {
                parse.Out().WriteLine(c.Error is not null
                    ? $"  {LifetimeModel.DisplayName(c.Model),-12} non ajusté : {c.Error}"
                    : string.Create(fr, $"  {LifetimeModel.DisplayName(c.Model),-12} {c.MeanAbsoluteError,17:0.000} {c.AggregateError,14:+0.0 %;-0.0 %} {c.Predicted,9:N0} {c.Actual,7:N0}{(c.Model == choice.Model ? "  ← retenu" : string.Empty)}{(c.Boundary ? "  (frontière)" : string.Empty)}"));
            }

            parse.Out().WriteLine(choice.Reason);
        }
        else if (choice.Status != ModelChoice.InsufficientData)
        {
            parse.Out().WriteLine(choice.Reason);
        }
    }

    private static void PrintTable(ParseResult parse, AnalyticsResult result)
    {
        var fr = CultureInfo.GetCultureInfo("fr-FR");
        parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"Analyse au {result.AsOf:yyyy-MM-dd} — {result.Customers.Count:N0} clients, intervalle habituel entre deux commandes {result.EstateGapDays:0} jours"));
        parse.Out().WriteLine();
        parse.Out().WriteLine($"{"Segment",-28} {"Clients",8} {"CA TTC",14} {"P(actif)",9}");
        foreach (var s in result.Segments.Where(s => s.Customers > 0).OrderByDescending(s => s.Revenue))
        {
            parse.Out().WriteLine(string.Create(fr, $"{s.French,-28} {s.Customers,8:N0} {s.Revenue,12:N0} € {s.MeanProbabilityAlive,8:P0}"));
        }

        parse.Out().WriteLine();
        parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"BG/NBD       r={result.BgNbd.R:0.000} alpha={result.BgNbd.Alpha:0.000} a={result.BgNbd.A:0.000} b={result.BgNbd.B:0.000} LL={result.BgNbd.LogLikelihood:0.0}"));
        if (result.Lifetime is { Code: not LifetimeModel.BgNbdCode } lifetime)
        {
            parse.Out().WriteLine(DescribeModel(lifetime));
        }

        if (result.ModelChoice is { } choice)
        {
            PrintChoice(parse, choice, fr);
        }
        if (result.GammaGamma is { } gg)
        {
            parse.Out().WriteLine(DescribeGammaGamma(gg));
        }

        var due = result.Customers.Count(c => c.IsDue);
        parse.Out().WriteLine(string.Create(fr, $"À relancer maintenant (fenêtre de réachat ouverte) : {due:N0} clients ; CLV 12 mois totale : {result.Customers.Sum(c => c.Clv12Months):N0} €"));
        parse.Out().WriteLine("Détail par client : --json");
    }
}

/// <summary>The --customer-col … options shared by the verbs that read a transactions CSV.</summary>
internal sealed class TransactionColumnOptions
{
    private TransactionColumnOptions()
    {
    }

    public Option<string> Customer { get; } = new("--customer-col") { Description = "Customer column.", DefaultValueFactory = _ => "customer_id" };

    public Option<string> Order { get; } = new("--order-col") { Description = "Order column.", DefaultValueFactory = _ => "order_id" };

    public Option<string> Date { get; } = new("--date-col") { Description = "Date column (ISO 8601).", DefaultValueFactory = _ => "date" };

    public Option<string> Product { get; } = new("--product-col") { Description = "Product column.", DefaultValueFactory = _ => "product_id" };

    public Option<string> Quantity { get; } = new("--quantity-col") { Description = "Quantity column.", DefaultValueFactory = _ => "quantity" };

    public Option<string> Amount { get; } = new("--amount-col") { Description = "Amount column.", DefaultValueFactory = _ => "amount" };

    public IEnumerable<Option> All => [Customer, Order, Date, Product, Quantity, Amount];

    public static TransactionColumnOptions Create() => new();

    public TransactionColumns Read(ParseResult parse) => new(
        parse.GetValue(Customer)!, parse.GetValue(Order)!, parse.GetValue(Date)!, parse.GetValue(Product)!, parse.GetValue(Quantity)!, parse.GetValue(Amount)!);

    /// <summary>The history to learn from: the --transactions CSV when given, else the database's sales lines.</summary>
    public async Task<(List<Transaction>? History, string? Error)> LoadAsync(ParseResult parse, Option<string?> db, Option<FileInfo?> transactions, CancellationToken cancellationToken)
    {
        List<Transaction> history;
        if (parse.GetValue(transactions) is { } file)
        {
            try
            {
                history = TransactionsCsv.Load(file.FullName, Read(parse));
            }
            catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException)
            {
                return (null, ex.Message);
            }
        }
        else
        {
            await using var services = await CliServices.OpenAsync(parse.GetValue(db), cancellationToken);
            history = await services.GetRequiredService<ICrmQueries>().LoadTransactionsAsync(cancellationToken);
        }

        return history.Count == 0 ? (null, "no transactions to learn from (import sales first: `crmreco demo` or `crmreco import`).") : (history, null);
    }
}
