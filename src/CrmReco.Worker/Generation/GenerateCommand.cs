using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CrmReco.Core.Generation;
using CrmReco.Worker.Common;
using static CrmReco.Worker.Common.CliText;

namespace CrmReco.Worker.Generation;

/// <summary>`crmreco generate`: synthetic iSaVigne exports at any scale.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var customers = new Option<int>("--customers") { Description = T("Generate_Option_Customers"), DefaultValueFactory = _ => 300 };
        var years = new Option<int>("--years") { Description = T("Generate_Option_Years"), DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = T("Generate_Option_Seed"), DefaultValueFactory = _ => 42 };
        var endDate = new Option<string?>("--end-date") { Description = T("Generate_Option_EndDate") };
        var clean = new Option<bool>("--clean") { Description = T("Generate_Option_Clean") };
        var transactions = new Option<FileInfo?>("--transactions") { Description = T("Generate_Option_Transactions") };
        var noOptional = new Option<bool>("--no-stock-contacts") { Description = T("Generate_Option_NoStockContacts") };
        var products = new Option<int>("--products") { Description = T("Generate_Option_Products") };
        var basket = new Option<int>("--basket") { Description = T("Generate_Option_Basket"), DefaultValueFactory = _ => 1 };
        var output = new Argument<DirectoryInfo>("OUT") { Description = T("Generate_Argument_Out") };
        var command = new Command("generate", T("Generate_Description"))
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
                    return CommonOptions.Fail(parse, T("Generate_Error_EndDate", text));
                }

                end = parsed;
            }

            if (parse.GetValue(customers) < 1 || parse.GetValue(years) < 1)
            {
                return CommonOptions.Fail(parse, T("Generate_Error_Counts"));
            }

            var size = parse.GetValue(products);
            if ((size != 0 && (size < EstateGenerator.EstateProducts || size > EstateGenerator.MaxProducts)) || parse.GetValue(basket) < 1)
            {
                return CommonOptions.Fail(parse, T("Generate_Error_Products", EstateGenerator.EstateProducts, EstateGenerator.MaxProducts));
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
            var progress = new Progress<int>(n => parse.Err().Write("\r" + T("Generate_Progress", n)));
            var summary = await EstateGenerator.GenerateAsync(options, dir, progress, ct);
            await File.WriteAllTextAsync(Path.Combine(dir, "expected.json"), JsonSerializer.Serialize(summary.Expected, CommonOptions.Json), ct);
            var e = summary.Expected;
            parse.Err().WriteLine("\r" + T("Generate_Done", summary.Files.Count, dir, e.Customers, e.Products, e.SalesRowsRead, e.DistinctSalesLines, e.StockRowsRead, e.ContactsRowsRead, watch.Elapsed.TotalSeconds));
            return 0;
        });
        return command;
    }
}
