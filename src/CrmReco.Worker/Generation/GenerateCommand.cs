using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CrmReco.Core.Generation;
using CrmReco.Worker.Common;

namespace CrmReco.Worker.Generation;

/// <summary>`crmreco generate`: synthetic iSaVigne exports at any scale.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var customers = new Option<int>("--customers") { Description = "Number of customers.", DefaultValueFactory = _ => 300 };
        var years = new Option<int>("--years") { Description = "Years of sales history.", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = "Random seed: same seed, same files.", DefaultValueFactory = _ => 42 };
        var endDate = new Option<string?>("--end-date") { Description = "Last day of history, yyyy-mm-dd (default 2026-10-31)." };
        var clean = new Option<bool>("--clean") { Description = "No planted defects (bad rows, stubs, overlap…): for benchmarks." };
        var transactions = new Option<FileInfo?>("--transactions") { Description = "Also write the sales as a transactions CSV." };
        var noOptional = new Option<bool>("--no-stock-contacts") { Description = "Skip the optional stock/ and contacts/ exports (benchmarks of the sales path)." };
        var products = new Option<int>("--products") { Description = "Catalogue size: the estate's 60 products by default; more adds synthetic cuvées (long-tail popularity) up to exactly N." };
        var basket = new Option<int>("--basket") { Description = "Multiplies the number of different wines in each order (default 1): more sales lines per order.", DefaultValueFactory = _ => 1 };
        var output = new Argument<DirectoryInfo>("OUT") { Description = "Folder to write produits/, clients/, ventes_lignes/, stock/ and contacts/ into." };
        var command = new Command("generate", "Write realistic synthetic exports of a wine estate (seasonality, repeat purchases, tastes, bundles).")
        {
            customers, years, seed, endDate, clean, transactions, noOptional, products, basket, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            DateOnly? end = null;
            if (parse.GetValue(endDate) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    return CommonOptions.Fail(parse, $"--end-date must be yyyy-mm-dd, not '{text}'.");
                }

                end = parsed;
            }

            if (parse.GetValue(customers) < 1 || parse.GetValue(years) < 1)
            {
                return CommonOptions.Fail(parse, "--customers and --years must be at least 1.");
            }

            var size = parse.GetValue(products);
            if ((size != 0 && (size < EstateGenerator.EstateProducts || size > EstateGenerator.MaxProducts)) || parse.GetValue(basket) < 1)
            {
                return CommonOptions.Fail(parse, string.Create(CultureInfo.InvariantCulture, $"--products must be 0 (the estate's {EstateGenerator.EstateProducts} wines) or between {EstateGenerator.EstateProducts} and {EstateGenerator.MaxProducts:N0}, --basket at least 1."));
            }

            var options = new GeneratorOptions(
                parse.GetValue(customers),
                parse.GetValue(years),
                parse.GetValue(seed),
                end,
                !parse.GetValue(clean),
                parse.GetValue(transactions)?.FullName,
                !parse.GetValue(noOptional),
                parse.GetValue(products),
                parse.GetValue(basket));
            var dir = parse.GetValue(output)!.FullName;
            var watch = Stopwatch.StartNew();
            var progress = new Progress<int>(n => parse.Err().Write(string.Create(CultureInfo.InvariantCulture, $"\r{n:N0} customers…")));
            var summary = await EstateGenerator.GenerateAsync(options, dir, progress, ct);
            await File.WriteAllTextAsync(Path.Combine(dir, "expected.json"), JsonSerializer.Serialize(summary.Expected, CommonOptions.Json), ct);
            var e = summary.Expected;
            parse.Err().WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"\rWrote {summary.Files.Count} files to {dir}: {e.Customers:N0} customers, {e.Products:N0} products, {e.SalesRowsRead:N0} sales lines ({e.DistinctSalesLines:N0} distinct), {e.StockRowsRead:N0} stock rows, {e.ContactsRowsRead:N0} contacts in {watch.Elapsed.TotalSeconds:0.0} s."));
            return 0;
        });
        return command;
    }
}
