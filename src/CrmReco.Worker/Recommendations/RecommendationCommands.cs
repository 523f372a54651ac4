using System.CommandLine;
using System.Globalization;
using CrmReco.Core.Analytics;
using CrmReco.Core.Recommendations;
using CrmReco.Core.Storage;
using CrmReco.Worker.Analytics;
using CrmReco.Worker.Common;

using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Worker.Recommendations;

/// <summary>`crmreco rules` and `crmreco backtest`.</summary>
internal static class RecommendationCommands
{
    public static Command Recommend()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var asOf = new Option<string?>("--as-of") { Description = "'Today' of the run (yyyy-mm-dd); default: the last sale date." };
        var k = new Option<int>("--k") { Description = "Wines per customer.", DefaultValueFactory = _ => 3 };
        var silenceDays = new Option<int>("--silence-days") { Description = "Mark as not for email now the customers contacted within this many days.", DefaultValueFactory = _ => 14 };
        var silenceChannel = new Option<string>("--silence-channel") { Description = "Which contacts open the silence window: any or email.", DefaultValueFactory = _ => "any" };
        var learnedWeights = new Option<bool>("--learned-weights") { Description = "Blend with weights learned on the last year of the database's history (as the backtest chooses them) instead of the scenario weights." };
        var weightBags = WeightBagsOption();
        var model = new Option<string>("--model")
        {
            Description = "Lifetime model of the analytics behind the scenarios: auto (chosen on held-out data, as the nightly job), pareto-nbd, mbg-nbd or bg-nbd.",
            DefaultValueFactory = _ => "auto",
        };
        model.AcceptOnlyFromAmong("auto", LifetimeModel.ParetoNbdCode, LifetimeModel.MbgNbdCode, LifetimeModel.BgNbdCode);
        var command = new Command("recommend", "For each customer, the next wines to propose, each with its reason; filtered by guardrails of taste; marked when an email cannot carry them now; stored as a run.")
        {
            db, asOf, k, silenceDays, silenceChannel, learnedWeights, weightBags, model, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            SilenceChannels? channels = parse.GetValue(silenceChannel)?.ToLowerInvariant() switch { "any" => SilenceChannels.Any, "email" => SilenceChannels.Email, _ => null };
            if (channels is null || parse.GetValue(silenceDays) < 0)
            {
                return CommonOptions.Fail(parse, "--silence-channel must be any or email, and --silence-days at least 0.");
            }

            if (parse.GetValue(weightBags) < 1)
            {
                return CommonOptions.Fail(parse, "--weight-bags must be at least 1.");
            }

            DateOnly? day = null;
            if (parse.GetValue(asOf) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    return CommonOptions.Fail(parse, $"--as-of must be yyyy-mm-dd, not '{text}'.");
                }

                day = parsed;
            }

            var guardrails = new GuardrailOptions(SilenceDays: parse.GetValue(silenceDays), SilenceChannels: channels.Value);
            await using var services = await CliServices.OpenAsync(parse.GetValue(db), ct);
            if (await services.GetRequiredService<DatabaseRecommendations>().RecommendAndStoreAsync(day, parse.GetValue(k), guardrails, learnWeights: parse.GetValue(learnedWeights), weightBags: parse.GetValue(weightBags), model: parse.GetValue(model)!, cancellationToken: ct) is not { } stored)
            {
                return CommonOptions.Fail(parse, "no sales to learn from (import sales first: `crmreco demo` or `crmreco import`).");
            }

            var (runId, run, stages, learned, choice) = stored;
            if (choice is not null)
            {
                parse.Err().WriteLine($"lifetime model: {choice.Model} ({choice.Status}{(choice.Boundary ? ", boundary fit" : "")}, P(alive) by {choice.ProbabilityAliveMethod})");
            }

            if (learned is not null)
            {
                parse.Err().WriteLine(string.Create(CultureInfo.InvariantCulture, $"learned weights: {learned.Weights} (validation from {learned.ValidationStart:yyyy-MM-dd}, {learned.ValidationCustomers:N0} customers: recall@10 {learned.ValidationRecall:0.000}, fixed weights {learned.FixedValidationRecall:0.000})"));
            }

            parse.Err().WriteLine(string.Join(", ", stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Stage} {s.Seconds:0.00} s (CPU {s.CpuSeconds:0.00} s)"))));
            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, new
                {
                    runId,
                    asOf = run.AsOf,
                    customers = run.Customers.Count,
                    withRecommendations = run.Customers.Count(c => c.Items.Count > 0),
                    emailBlocked = run.BlockedByRule.Values.Sum(),
                    emailBlockedByRule = run.BlockedByRule,
                    removedByRule = run.RemovedByRule,
                    modelChoice = choice,
                    plans = run.Customers,
                });
                return 0;
            }

            parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"Recommandations n° {runId} au {run.AsOf:yyyy-MM-dd} : {run.Customers.Count(c => c.Items.Count > 0):N0} clients sur {run.Customers.Count:N0} reçoivent {run.K} vins au plus."));
            var blocked = run.BlockedByRule;
            parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"  dont {blocked.Values.Sum():N0} qu'un e-mail ne peut pas porter maintenant{(blocked.Count == 0 ? string.Empty : " : " + string.Join(", ", blocked.OrderByDescending(b => b.Value).ThenBy(b => b.Key, StringComparer.Ordinal).Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Key} {b.Value:N0}"))))}"));
            foreach (var (rule, count) in run.RemovedByRule.OrderByDescending(r => r.Value))
            {
                parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"  écartés par {rule} : {count:N0}"));
            }

            foreach (var plan in run.Customers.Where(c => c.Items.Count > 0).Take(3))
            {
                parse.Out().WriteLine();
                parse.Out().WriteLine($"{plan.CustomerId} ({plan.Scenario})");
                foreach (var item in plan.Items)
                {
                    parse.Out().WriteLine($"  {item.Rank}. {item.Label ?? item.ProductId} — {item.TextFr}");
                }
            }

            parse.Out().WriteLine();
            parse.Out().WriteLine("Tout le détail : --json");
            return 0;
        });
        return command;
    }

    private static CatalogueItem ToCatalogueItem(Core.Storage.ProductRow p) => RecommendationInputs.Item(p);

    public static Command Rules()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var transactions = new Option<FileInfo?>("--transactions") { Description = "A transactions CSV instead of the database." };
        var minSupport = new Option<double>("--min-support") { Description = "Minimum support (share of baskets with both items).", DefaultValueFactory = _ => 0.01 };
        var minConfidence = new Option<double>("--min-confidence") { Description = "Minimum confidence P(Y | X).", DefaultValueFactory = _ => 0.1 };
        var basket = new Option<string>("--basket") { Description = "What a basket is: customer (whole history) or order.", DefaultValueFactory = _ => "customer" };
        var top = new Option<int>("--top") { Description = "How many rules to print.", DefaultValueFactory = _ => 20 };
        var columns = TransactionColumnOptions.Create();
        var command = new Command("rules", "Association rules item → item: support, confidence, lift (\"customers who bought X also bought Y\").")
        {
            db, transactions, minSupport, minConfidence, basket, top, json,
        };
        foreach (var option in columns.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var basketKind = parse.GetValue(basket) switch { "customer" => BasketKind.Customer, "order" => BasketKind.Order, _ => (BasketKind?)null };
            if (basketKind is null)
            {
                return CommonOptions.Fail(parse, "--basket must be customer or order.");
            }

            var (history, error) = await columns.LoadAsync(parse, db, transactions, ct);
            if (history is null)
            {
                return CommonOptions.Fail(parse, error!);
            }

            var rules = AssociationRules.Mine(history, parse.GetValue(minSupport), parse.GetValue(minConfidence), basketKind.Value);
            var shown = rules.Take(Math.Max(0, parse.GetValue(top))).ToList();
            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, new
                {
                    rules = rules.Count,
                    top = shown.Select(r => new { antecedent = new[] { r.Antecedent }, consequent = new[] { r.Consequent }, r.Support, r.Confidence, r.Lift, r.Count }),
                });
            }
            else
            {
                parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rules.Count:N0} rules"));
                foreach (var r in shown)
                {
                    parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Confidence,6:P0} of buyers of {r.Antecedent} also bought {r.Consequent} (lift {r.Lift:0.0}, {r.Count} customers)"));
                }
            }

            return 0;
        });
        return command;
    }

    private static Option<int> WeightBagsOption() => new("--weight-bags")
    {
        Description = "How many random halves of the validation customers the weight search runs on, its choices averaged (1: one search on all).",
        DefaultValueFactory = _ => new RecommenderOptions().WeightBags,
    };

    public static Command Backtest()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var transactions = new Option<FileInfo?>("--transactions") { Description = "A transactions CSV instead of the database." };
        var split = new Option<string>("--split-date") { Description = "Train before this date (yyyy-mm-dd), evaluate on purchases from it on.", Required = true };
        var k = new Option<int>("--k") { Description = "Length of each recommendation list.", DefaultValueFactory = _ => 10 };
        var excludeKnown = new Option<bool>("--exclude-known") { Description = "Never recommend (nor count) products the customer already bought." };
        var fixedWeights = new Option<bool>("--fixed-weights") { Description = "Blend with the fixed weights instead of choosing them on a validation window." };
        var validationDays = new Option<int?>("--validation-days") { Description = "Length of the validation window before the split (default: the evaluated period, at most 365 days)." };
        var rebuyAllVintages = new Option<bool>("--rebuy-all-vintages") { Description = "Rebuy spreads a wine over its vintages by their recent buyers (the former rule) instead of proposing its current vintage." };
        var rebuyQuantity = new Option<bool>("--rebuy-quantity") { Description = "Rebuy weighs a product by the quantity bought (the former signal) instead of how often it was bought." };
        var weightBags = WeightBagsOption();
        var columns = TransactionColumnOptions.Create();
        var command = new Command("backtest", "Compare popularity, item-kNN, association rules, matrix factorization, up-sell, discovery and the hybrid on held-out purchases.")
        {
            db, transactions, split, k, excludeKnown, fixedWeights, validationDays, weightBags, rebuyQuantity, rebuyAllVintages, json,
        };
        foreach (var option in columns.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            if (!DateOnly.TryParseExact(parse.GetValue(split), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var splitDate))
            {
                return CommonOptions.Fail(parse, $"--split-date must be yyyy-mm-dd, not '{parse.GetValue(split)}'.");
            }

            if (parse.GetValue(k) < 1)
            {
                return CommonOptions.Fail(parse, "--k must be at least 1.");
            }

            if (parse.GetValue(weightBags) < 1)
            {
                return CommonOptions.Fail(parse, "--weight-bags must be at least 1.");
            }

            var (history, error) = await columns.LoadAsync(parse, db, transactions, ct);
            if (history is null)
            {
                return CommonOptions.Fail(parse, error!);
            }

            if (!history.Any(t => t.Date < splitDate) || !history.Any(t => t.Date >= splitDate))
            {
                return CommonOptions.Fail(parse, $"--split-date {splitDate:yyyy-MM-dd} leaves no history on one side (data from {history.Min(t => t.Date):yyyy-MM-dd} to {history.Max(t => t.Date):yyyy-MM-dd}).");
            }

            // Varieties and range levels (for up-sell and discovery) come from the database's products.
            Dictionary<string, CatalogueItem>? catalogue = null;
            if (parse.GetValue(transactions) is null)
            {
                await using var services = await CliServices.OpenAsync(parse.GetValue(db), ct);
                catalogue = (await services.GetRequiredService<ICrmQueries>().ListProductsAsync(ct))
                    .Select(ToCatalogueItem).ToDictionary(c => c.ProductId, StringComparer.Ordinal);
            }

            var options = new RecommenderOptions(TuneWeights: !parse.GetValue(fixedWeights), ValidationDays: parse.GetValue(validationDays), RebuyLines: !parse.GetValue(rebuyQuantity), RebuyCurrentVintage: !parse.GetValue(rebuyAllVintages), WeightBags: parse.GetValue(weightBags));
            var result = Core.Recommendations.Backtest.Run(history, splitDate, parse.GetValue(k), parse.GetValue(excludeKnown), options, catalogue);
            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, new
                {
                    k = result.K,
                    customers = result.Customers,
                    splitDate = result.SplitDate,
                    excludeKnown = result.ExcludeKnown,
                    algorithms = result.Algorithms,
                    weights = result.Weights,
                    validation = result.Choice,
                });
            }
            else
            {
                parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"Backtest at k={result.K}, {result.Customers:N0} customers active before and after {result.SplitDate:yyyy-MM-dd}{(result.ExcludeKnown ? ", known products excluded" : string.Empty)}"));
                parse.Out().WriteLine($"{"algorithm",-12} {"recall",7} {"precision",9} {"ndcg",6} {"map",6} {"coverage",8}");
                foreach (var (name, m) in result.Algorithms)
                {
                    parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-12} {m.Recall,7:0.000} {m.Precision,9:0.000} {m.Ndcg,6:0.000} {m.Map,6:0.000} {m.Coverage,8:P0}"));
                }

                parse.Out().WriteLine($"hybrid weights: {result.Weights}");
                if (result.Choice is { } choice)
                {
                    parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"chosen on the window from {choice.ValidationStart:yyyy-MM-dd} to the split ({choice.ValidationCustomers:N0} customers): recall@{result.K} {choice.ValidationRecall:0.000} vs {choice.FixedValidationRecall:0.000} with the fixed weights"));
                }
            }

            return 0;
        });
        return command;
    }
}
