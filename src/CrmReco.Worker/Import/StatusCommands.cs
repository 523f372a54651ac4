using System.CommandLine;
using System.Globalization;
using CrmReco.Core.Storage;
using CrmReco.Worker.Common;

using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Worker.Import;

/// <summary>`crmreco status|imports|rejects`: what the database holds and how it got there.</summary>
internal static class StatusCommands
{
    public static Command Status()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var command = new Command("status", "What the database holds: customers, products, sales lines, stock, contacts, imports, quarantined rows.") { db, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.OpenAsync(parse.GetValue(db), ct);
            var queries = services.GetRequiredService<ICrmQueries>();
            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, await queries.GetStatusAsync(ct));
            }
            else
            {
                await PrintStatusAsync(parse, queries, CommonOptions.ResolveDatabase(parse.GetValue(db)), ct);
            }

            return 0;
        });
        return command;
    }

    public static Command Imports()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var limit = new Option<int>("--limit") { Description = "How many runs, newest first.", DefaultValueFactory = _ => 20 };
        var command = new Command("imports", "Import history: runs, their files and counts, newest first.") { db, limit, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.OpenAsync(parse.GetValue(db), ct);
            var runs = await services.GetRequiredService<ICrmQueries>().ListImportsAsync(parse.GetValue(limit), ct);
            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, runs);
                return 0;
            }

            if (runs.Count == 0)
            {
                parse.Out().WriteLine("No import yet. Try `crmreco demo` or `crmreco import PATH`.");
            }

            foreach (var run in runs)
            {
                parse.Out().WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"#{run.Id}  {run.StartedAt:yyyy-MM-dd HH:mm}  {run.Status,-9}  by {run.StartedBy}: {run.RowsRead:N0} read, {run.RowsLoaded:N0} loaded, {run.RowsDuplicate:N0} duplicate, {run.RowsRejected:N0} quarantined"));
                foreach (var file in run.Files)
                {
                    parse.Out().WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"     {file.Status,-8} {file.Kind,-9} {file.FileName}: {file.RowsRead:N0} read, {file.RowsLoaded:N0} loaded, {file.RowsDuplicate:N0} duplicate, {file.RowsRejected:N0} quarantined{(file.Error is null ? string.Empty : " — " + file.Error)}"));
                }
            }

            return 0;
        });
        return command;
    }

    public static Command Rejects()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var id = new Argument<long>("IMPORT_ID") { Description = "The import run (see `crmreco imports`)." };
        var command = new Command("rejects", "The rows quarantined by an import: file, line, column, raw value, reason.") { db, json, id };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.OpenAsync(parse.GetValue(db), ct);
            var rows = await services.GetRequiredService<ICrmQueries>().GetRejectsAsync(parse.GetValue(id), ct);
            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, rows);
                return 0;
            }

            if (rows.Count == 0)
            {
                parse.Out().WriteLine($"Import #{parse.GetValue(id)} quarantined no row.");
            }

            foreach (var row in rows)
            {
                parse.Out().WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{row.FileName}:{row.LineNumber}  {row.Column}  '{row.RawValue}'  {row.Reason}"));
            }

            return 0;
        });
        return command;
    }

    internal static async Task PrintStatusAsync(ParseResult parse, ICrmQueries queries, string connection, CancellationToken cancellationToken)
    {
        var s = await queries.GetStatusAsync(cancellationToken);
        parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"Database    {ImportCommands.Describe(connection)}"));
        parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"Customers   {s.Customers,10:N0}  ({s.StubCustomers:N0} stubs created from sales or contacts)"));
        parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"Products    {s.Products,10:N0}  ({s.StubProducts:N0} stubs)"));
        parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"Sales lines {s.SalesLines,10:N0}  ({s.FirstSaleDate:yyyy-MM-dd} → {s.LastSaleDate:yyyy-MM-dd})"));
        parse.Out().WriteLine(s.StockSnapshots == 0
            ? "Stock                0  (no stock export imported: sold-out wines are not known)"
            : string.Create(CultureInfo.InvariantCulture, $"Stock       {s.StockArticles,10:N0}  articles ({s.SoldOutArticles:N0} sold out; {s.StockSnapshots:N0} snapshot rows, latest {s.LastStockDate:yyyy-MM-dd})"));
        parse.Out().WriteLine(s.Contacts == 0
            ? "Contacts             0  (no contacts export imported: no silence window)"
            : string.Create(CultureInfo.InvariantCulture, $"Contacts    {s.Contacts,10:N0}  (latest {s.LastContactDate:yyyy-MM-dd})"));
        parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"Imports     {s.Imports,10:N0}  (last {s.LastImportAt:yyyy-MM-dd HH:mm})"));
        parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"Quarantined {s.RejectedRows,10:N0}  rows"));
    }
}
