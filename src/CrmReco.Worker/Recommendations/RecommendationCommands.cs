using System.CommandLine;
using System.Globalization;
using CrmReco.Core.Analytics;
using CrmReco.Core.Recommendations;
using CrmReco.Core.Storage;
using CrmReco.Worker.Analytics;
using CrmReco.Worker.Common;

using Microsoft.Extensions.DependencyInjection;
using static CrmReco.Worker.Common.CliText;

namespace CrmReco.Worker.Recommendations;

/// <summary>`crmreco rules` and `crmreco backtest`.</summary>
internal static class RecommendationCommands
{
    public static Command Recommend()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var asOf = new Option<string?>("--as-of") { Description = T("Recommend_Option_AsOf") };
        var k = new Option<int>("--k") { Description = T("Recommend_Option_K"), DefaultValueFactory = _ => 3 };
        var silenceDays = new Option<int>("--silence-days") { Description = T("Recommend_Option_SilenceDays"), DefaultValueFactory = _ => 14 };
        var silenceChannel = new Option<string>("--silence-channel") { Description = T("Recommend_Option_SilenceChannel"), DefaultValueFactory = _ => "any" };
        var learnedWeights = new Option<bool>("--learned-weights") { Description = T("Recommend_Option_LearnedWeights") };
        var weightBags = WeightBagsOption();
        var model = new Option<string>("--model")
        {
            Description = T("Recommend_Option_Model"),
            DefaultValueFactory = _ => "auto",
        };
        model.AcceptOnlyFromAmong("auto", LifetimeModel.ParetoNbdCode, LifetimeModel.MbgNbdCode, LifetimeModel.BgNbdCode);
        var command = new Command("recommend", T("Recommend_Description"))
        {
            db, asOf, k, silenceDays, silenceChannel, learnedWeights, weightBags, model, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            SilenceChannels? channels = parse.GetValue(silenceChannel)?.ToLowerInvariant() switch { "any" => SilenceChannels.Any, "email" => SilenceChannels.Email, _ => null };
            if (channels is null || parse.GetValue(silenceDays) < 0)
            {
                return CommonOptions.Fail(parse, T("Recommend_Error_Silence"));
            }

            if (parse.GetValue(weightBags) < 1)
            {
                return CommonOptions.Fail(parse, T("Error_WeightBags"));
            }

            DateOnly? day = null;
            if (parse.GetValue(asOf) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    return CommonOptions.Fail(parse, T("Error_AsOf", text));
                }

                day = parsed;
            }

            var guardrails = new GuardrailOptions(SilenceDays: parse.GetValue(silenceDays), SilenceChannels: channels.Value);
            await using var services = await CliServices.OpenAsync(parse.GetValue(db), ct);
            if (await services.GetRequiredService<DatabaseRecommendations>().RecommendAndStoreAsync(day, parse.GetValue(k), guardrails, learnWeights: parse.GetValue(learnedWeights), weightBags: parse.GetValue(weightBags), model: parse.GetValue(model)!, cancellationToken: ct) is not { } stored)
            {
                return CommonOptions.Fail(parse, T("Error_NoTransactions"));
            }

            var (runId, run, stages, learned, choice) = stored;
            if (choice is not null)
            {
                parse.Err().WriteLine(T("Recommend_Lifetime", LifetimeModel.DisplayName(choice.Model), Code("ChoiceStatus_", choice.Status), choice.Boundary ? T("Recommend_BoundaryFit") : string.Empty, Code("PAliveMethod_", choice.ProbabilityAliveMethod)));
            }

            if (learned is not null)
            {
                parse.Err().WriteLine(T("Recommend_Learned", learned.Weights, learned.ValidationStart, learned.ValidationCustomers, learned.ValidationRecall, learned.FixedValidationRecall));
            }

            parse.Err().WriteLine(string.Join(", ", stages.Select(s => T("Recommend_Stage", StageName(s.Stage), s.Seconds, s.CpuSeconds))));
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

            parse.Out().WriteLine(T("Recommend_Result", runId, run.AsOf, run.Customers.Count(c => c.Items.Count > 0), run.Customers.Count, run.K));
            var blocked = run.BlockedByRule;
            parse.Out().WriteLine(T("Recommend_Blocked", blocked.Values.Sum())
                + (blocked.Count == 0 ? string.Empty : T("Recommend_BlockedRules", string.Join(", ", blocked.OrderByDescending(b => b.Value).ThenBy(b => b.Key, StringComparer.Ordinal).Select(b => T("Recommend_RuleCount", Code("EmailBlock_", b.Key), b.Value))))));
            foreach (var (rule, count) in run.RemovedByRule.OrderByDescending(r => r.Value))
            {
                parse.Out().WriteLine(T("Recommend_Removed", Code("Guardrail_", rule), count));
            }

            foreach (var plan in run.Customers.Where(c => c.Items.Count > 0).Take(3))
            {
                parse.Out().WriteLine();
                parse.Out().WriteLine($"{plan.CustomerId} ({Code("Scenario_", plan.Scenario)})");
                foreach (var item in plan.Items)
                {
                    parse.Out().WriteLine($"  {item.Rank}. {item.Label ?? item.ProductId} — {(Language == "en" ? item.TextEn : item.TextFr)}");
                }
            }

            parse.Out().WriteLine();
            parse.Out().WriteLine(T("Recommend_Detail"));
            return 0;
        });
        return command;
    }

    private static CatalogueItem ToCatalogueItem(Core.Storage.ProductRow p) => RecommendationInputs.Item(p);

    public static Command Rules()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var transactions = new Option<FileInfo?>("--transactions") { Description = T("Option_TransactionsCsv") };
        var minSupport = new Option<double>("--min-support") { Description = T("Rules_Option_MinSupport"), DefaultValueFactory = _ => 0.01 };
        var minConfidence = new Option<double>("--min-confidence") { Description = T("Rules_Option_MinConfidence"), DefaultValueFactory = _ => 0.1 };
        var basket = new Option<string>("--basket") { Description = T("Rules_Option_Basket"), DefaultValueFactory = _ => "customer" };
        var top = new Option<int>("--top") { Description = T("Rules_Option_Top"), DefaultValueFactory = _ => 20 };
        var columns = TransactionColumnOptions.Create();
        var command = new Command("rules", T("Rules_Description"))
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
                return CommonOptions.Fail(parse, T("Rules_Error_Basket"));
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
                parse.Out().WriteLine(T("Rules_Count", rules.Count));
                foreach (var r in shown)
                {
                    parse.Out().WriteLine(T("Rules_Row", r.Confidence, r.Antecedent, r.Consequent, r.Lift, r.Count));
                }
            }

            return 0;
        });
        return command;
    }

    private static Option<int> WeightBagsOption() => new("--weight-bags")
    {
        Description = T("Option_WeightBags"),
        DefaultValueFactory = _ => new RecommenderOptions().WeightBags,
    };

    public static Command Backtest()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var transactions = new Option<FileInfo?>("--transactions") { Description = T("Option_TransactionsCsv") };
        var split = new Option<string>("--split-date") { Description = T("Backtest_Option_Split"), Required = true };
        var k = new Option<int>("--k") { Description = T("Backtest_Option_K"), DefaultValueFactory = _ => 10 };
        var excludeKnown = new Option<bool>("--exclude-known") { Description = T("Backtest_Option_ExcludeKnown") };
        var fixedWeights = new Option<bool>("--fixed-weights") { Description = T("Backtest_Option_FixedWeights") };
        var validationDays = new Option<int?>("--validation-days") { Description = T("Backtest_Option_ValidationDays") };
        var rebuyAllVintages = new Option<bool>("--rebuy-all-vintages") { Description = T("Backtest_Option_RebuyAllVintages") };
        var rebuyQuantity = new Option<bool>("--rebuy-quantity") { Description = T("Backtest_Option_RebuyQuantity") };
        var weightBags = WeightBagsOption();
        var columns = TransactionColumnOptions.Create();
        var command = new Command("backtest", T("Backtest_Description"))
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
                return CommonOptions.Fail(parse, T("Backtest_Error_Split", parse.GetValue(split)));
            }

            if (parse.GetValue(k) < 1)
            {
                return CommonOptions.Fail(parse, T("Backtest_Error_K"));
            }

            if (parse.GetValue(weightBags) < 1)
            {
                return CommonOptions.Fail(parse, T("Error_WeightBags"));
            }

            var (history, error) = await columns.LoadAsync(parse, db, transactions, ct);
            if (history is null)
            {
                return CommonOptions.Fail(parse, error!);
            }

            if (!history.Any(t => t.Date < splitDate) || !history.Any(t => t.Date >= splitDate))
            {
                return CommonOptions.Fail(parse, T("Backtest_Error_OneSide", splitDate, history.Min(t => t.Date), history.Max(t => t.Date)));
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
                parse.Out().WriteLine(T("Backtest_Title", result.K, result.Customers, result.SplitDate) + (result.ExcludeKnown ? T("Backtest_KnownExcluded") : string.Empty));
                parse.Out().WriteLine(T("Backtest_Header"));
                foreach (var (name, m) in result.Algorithms)
                {
                    parse.Out().WriteLine(string.Create(Culture, $"{name,-12} {m.Recall,7:0.000} {m.Precision,9:0.000} {m.Ndcg,6:0.000} {m.Map,6:0.000} {m.Coverage,8:P0}"));
                }

                parse.Out().WriteLine(T("Backtest_Weights", result.Weights));
                if (result.Choice is { } choice)
                {
                    parse.Out().WriteLine(T("Backtest_Chosen", choice.ValidationStart, choice.ValidationCustomers, result.K, choice.ValidationRecall, choice.FixedValidationRecall));
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>A timing stage's name in the run's language (the names Core's stage clocks give: "load: products",
    /// "in parallel: als"…); an unknown one as given.</summary>
    private static string StageName(string stage)
    {
        var colon = stage.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0 && !stage.StartsWith("rules (", StringComparison.Ordinal) && !stage.StartsWith("rebuy, ", StringComparison.Ordinal))
        {
            return StageName(stage[..colon]) + T("Stage_Separator") + StageName(stage[(colon + 2)..]);
        }

        var key = stage switch
        {
            "sales lines (stock, customers and contacts read beside them)" => "sales_lines",
            "analytics and sources" => "analytics_and_sources",
            "learn weights" => "learn_weights",
            "in parallel" => "in_parallel",
            _ when stage.StartsWith("rebuy, popularity", StringComparison.Ordinal) => "simple_sources",
            _ when stage.StartsWith("rules (mined beside", StringComparison.Ordinal) => "rules_wait",
            _ => stage,
        };
        var text = Code("Stage_", key);
        return text == key ? stage : text;
    }
}
