using System.CommandLine;
using System.Globalization;
using CrmReco.Core.Analytics;
using CrmReco.Core.Storage;
using CrmReco.Core.Transactions;
using CrmReco.Worker.Common;

using Microsoft.Extensions.DependencyInjection;
using static CrmReco.Worker.Common.CliText;

namespace CrmReco.Worker.Analytics;

/// <summary>`crmreco analyze`: RFM segments, BG/NBD + Gamma-Gamma lifetime value, rebuy timing and taste.</summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var transactions = new Option<FileInfo?>("--transactions") { Description = T("Analyze_Option_Transactions") };
        var summary = new Option<FileInfo?>("--summary") { Description = T("Analyze_Option_Summary") };
        var calibrationEnd = new Option<string?>("--calibration-end") { Description = T("Analyze_Option_CalibrationEnd") };
        var asOf = new Option<string?>("--as-of") { Description = T("Analyze_Option_AsOf") };
        var unit = new Option<string>("--time-unit") { Description = T("Analyze_Option_TimeUnit"), DefaultValueFactory = _ => "week" };
        var model = new Option<string>("--model")
        {
            Description = T("Analyze_Option_Model"),
            DefaultValueFactory = _ => "auto",
        };
        model.AcceptOnlyFromAmong("auto", LifetimeModel.ParetoNbdCode, LifetimeModel.MbgNbdCode, LifetimeModel.BgNbdCode);
        var columns = TransactionColumnOptions.Create();
        var command = new Command("analyze", T("Analyze_Description"))
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
                return CommonOptions.Fail(parse, T("Analyze_Error_TimeUnit"));
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
                    return CommonOptions.Fail(parse, T("Error_Date", endText));
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
                    ? T("Analyze_PropensityNone", Known(propensityNote))
                    : T("Analyze_Propensity", propensity.ModelAuc, propensity.BgNbdAuc));
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
        var names = Segments.Default.ToDictionary(s => s.Code, s => Language == "en" ? s.English : s.French, StringComparer.Ordinal);
        parse.Out().WriteLine(T("Analyze_Stored", runId, moves.Count));
        foreach (var group in moves.GroupBy(m => (m.From, m.To)).OrderByDescending(g => g.Count()).Take(10))
        {
            parse.Out().WriteLine(T("Analyze_Move", names.GetValueOrDefault(group.Key.From, group.Key.From), names.GetValueOrDefault(group.Key.To, group.Key.To), group.Count()));
        }
    }

    /// <summary>At the boundary (q, γ → ∞) the parameters are meaningless numbers; their ratio is the answer.</summary>
    private static string DescribeGammaGamma(GammaGammaParameters gg) => gg.Q > 1e6
        ? T("Analyze_GammaGammaFlat", gg.P * gg.Gamma / (gg.Q - 1))
        : string.Create(Culture, $"Gamma-Gamma  p={gg.P:0.00} q={gg.Q:0.00} gamma={gg.Gamma:0.00}");

    private static int AnalyzeSummary(ParseResult parse, FileInfo file, string model, bool json)
    {
        List<CustomerSummary> customers;
        try
        {
            customers = SummaryCsv.Load(file.FullName);
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or FormatException)
        {
            return CommonOptions.Fail(parse, Known(ex.Message));
        }

        // A summary has no dates to hold out: "auto" keeps BG/NBD, as before the other models existed.
        LifetimeModel fitted;
        try
        {
            fitted = LifetimeModel.Fit(model == "auto" ? LifetimeModel.BgNbdCode : model, customers);
        }
        catch (InvalidOperationException ex)
        {
            return CommonOptions.Fail(parse, Known(ex.Message));
        }

        GammaGammaParameters? gg = customers.Any(c => c.MonetaryValue > 0) ? GammaGamma.Fit(customers) : null;
        if (json)
        {
            CommonOptions.WriteJson(parse, new { model = fitted.Code, bgnbd = fitted.BgNbd, paretoNbd = fitted.ParetoNbd, mbgNbd = fitted.MbgNbd, gammaGamma = gg, customers = customers.Count });
        }
        else
        {
            parse.Out().WriteLine(T("Analyze_Customers", customers.Count));
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
        { ParetoNbd: { } p } => string.Create(Culture, $"Pareto/NBD   r={p.R:0.000} alpha={p.Alpha:0.000} s={p.S:0.000} beta={p.Beta:0.000} LL={p.LogLikelihood:0.0}"),
        { MbgNbd: { } p } => string.Create(Culture, $"MBG/NBD      r={p.R:0.000} alpha={p.Alpha:0.000} a={p.A:0.000} b={p.B:0.000} LL={p.LogLikelihood:0.0}"),
        { BgNbd: { } p } => string.Create(Culture, $"BG/NBD       r={p.R:0.000} alpha={p.Alpha:0.000} a={p.A:0.000} b={p.B:0.000} LL={p.LogLikelihood:0.0}"),
        _ => m.Code,
    };

    /// <summary>The chosen model, why, and the held-out comparison. The why is said from the choice's figures in the
    /// run's language (Core stores one French sentence for the dashboard).</summary>
    private static void PrintChoice(ParseResult parse, ModelChoice choice)
    {
        parse.Out().WriteLine();
        parse.Out().WriteLine(choice.Status switch
        {
            ModelChoice.InsufficientData => T("Choice_Insufficient", ModelSelection.MinimumCustomers, ModelSelection.MinimumHistoryDays),
            ModelChoice.Forced => T("Choice_Forced", LifetimeModel.DisplayName(choice.Model)),
            _ => T("Choice_Holdout", LifetimeModel.DisplayName(choice.Model)),
        });
        if (choice.Candidates.Count > 0)
        {
            parse.Out().WriteLine(T("Choice_Comparison", choice.CalibrationEnd, choice.CalibrationCustomers, choice.HoldoutDays));
            parse.Out().WriteLine(T("Choice_Header"));
            foreach (var c in choice.Candidates)
            {
                parse.Out().WriteLine(c.Error is not null
                    ? T("Choice_NotFitted", LifetimeModel.DisplayName(c.Model), Known(c.Error))
                    : T("Choice_Row", LifetimeModel.DisplayName(c.Model), c.MeanAbsoluteError, c.AggregateError, c.Predicted, c.Actual)
                        + (c.Model == choice.Model ? T("Choice_Chosen") : string.Empty) + (c.Boundary ? T("Choice_BoundaryMark") : string.Empty));
            }
        }

        parse.Out().WriteLine(Why(choice));
    }

    /// <summary>Why the model: the held-out winner and its figures, a forced model, too little data, a boundary fit.</summary>
    private static string Why(ModelChoice choice)
    {
        var valid = choice.Candidates.Where(c => c.MeanAbsoluteError is { } mae && double.IsFinite(mae)).ToList();
        var best = valid.OrderBy(c => c.MeanAbsoluteError).ThenBy(c => Math.Abs(c.AggregateError ?? 0)).FirstOrDefault();
        var why = choice.Status == ModelChoice.InsufficientData
            ? T(choice.ProbabilityAliveMethod == ModelChoice.RuleMethod ? "Choice_WhyRule" : "Choice_WhyForcedInsufficient", LifetimeModel.DisplayName(choice.Model))
            : best is null
                ? T("Choice_WhyNone")
                : T("Choice_WhyBest", LifetimeModel.DisplayName(best.Model), choice.HoldoutDays, best.MeanAbsoluteError,
                    string.Join(", ", valid.Where(c => c != best).Select(c => $"{LifetimeModel.DisplayName(c.Model)} {F(c.MeanAbsoluteError!.Value, "0.000")}")),
                    best.Predicted, best.Actual);
        if (choice.Status == ModelChoice.Forced)
        {
            why = T("Choice_WhyForced", LifetimeModel.DisplayName(choice.Model)) + " " + why;
        }

        return choice.Boundary ? why + " " + T("Choice_WhyBoundary") : why;
    }

    /// <summary>Core's messages the command line knows, in the run's language; others as given.</summary>
    internal static string Known(string? message) => message switch
    {
        null => string.Empty,
        _ when message.StartsWith("Not enough history for a propensity model", StringComparison.Ordinal) => T("Analyze_PropensityNotEnoughHistory"),
        _ when message.EndsWith(" did not converge from any starting point.", StringComparison.Ordinal) =>
            T("Analyze_DidNotConverge", message[..message.IndexOf(" did not converge", StringComparison.Ordinal)]),
        _ when message.EndsWith(": non-finite predictions.", StringComparison.Ordinal) =>
            T("Analyze_NonFinite", message[..message.IndexOf(": non-finite", StringComparison.Ordinal)]),
        _ => message,
    };

    private static void PrintTable(ParseResult parse, AnalyticsResult result)
    {
        var o = parse.Out();
        o.WriteLine(T("Analyze_Title", result.AsOf, result.Customers.Count, result.EstateGapDays));
        o.WriteLine();
        o.WriteLine(T("Analyze_SegmentHeader"));
        foreach (var s in result.Segments.Where(s => s.Customers > 0).OrderByDescending(s => s.Revenue))
        {
            o.WriteLine(T("Analyze_SegmentRow", Language == "en" ? s.English : s.French, s.Customers, s.Revenue, s.MeanProbabilityAlive));
        }

        o.WriteLine();
        o.WriteLine(string.Create(Culture, $"BG/NBD       r={result.BgNbd.R:0.000} alpha={result.BgNbd.Alpha:0.000} a={result.BgNbd.A:0.000} b={result.BgNbd.B:0.000} LL={result.BgNbd.LogLikelihood:0.0}"));
        if (result.Lifetime is { Code: not LifetimeModel.BgNbdCode } lifetime)
        {
            o.WriteLine(DescribeModel(lifetime));
        }

        if (result.ModelChoice is { } choice)
        {
            PrintChoice(parse, choice);
        }

        if (result.GammaGamma is { } gg)
        {
            o.WriteLine(DescribeGammaGamma(gg));
        }

        o.WriteLine(T("Analyze_Due", result.Customers.Count(c => c.IsDue), result.Customers.Sum(c => c.Clv12Months)));
        o.WriteLine(T("Analyze_Detail"));
    }
}

/// <summary>The --customer-col … options shared by the verbs that read a transactions CSV.</summary>
internal sealed class TransactionColumnOptions
{
    private TransactionColumnOptions()
    {
    }

    public Option<string> Customer { get; } = new("--customer-col") { Description = T("Column_Customer"), DefaultValueFactory = _ => "customer_id" };

    public Option<string> Order { get; } = new("--order-col") { Description = T("Column_Order"), DefaultValueFactory = _ => "order_id" };

    public Option<string> Date { get; } = new("--date-col") { Description = T("Column_Date"), DefaultValueFactory = _ => "date" };

    public Option<string> Product { get; } = new("--product-col") { Description = T("Column_Product"), DefaultValueFactory = _ => "product_id" };

    public Option<string> Quantity { get; } = new("--quantity-col") { Description = T("Column_Quantity"), DefaultValueFactory = _ => "quantity" };

    public Option<string> Amount { get; } = new("--amount-col") { Description = T("Column_Amount"), DefaultValueFactory = _ => "amount" };

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
                return (null, AnalyzeCommand.Known(ex.Message));
            }
        }
        else
        {
            await using var services = await CliServices.OpenAsync(parse.GetValue(db), cancellationToken);
            history = await services.GetRequiredService<ICrmQueries>().LoadTransactionsAsync(cancellationToken);
        }

        return history.Count == 0 ? (null, T("Error_NoTransactions")) : (history, null);
    }
}
