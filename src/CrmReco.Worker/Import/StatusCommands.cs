using System.CommandLine;
using System.Globalization;
using System.Text;
using CrmReco.Core.Storage;
using CrmReco.Worker.Common;

using Microsoft.Extensions.DependencyInjection;
using static CrmReco.Worker.Common.CliText;

namespace CrmReco.Worker.Import;

/// <summary>`crmreco status|imports|rejects`: what the database holds and how it got there.</summary>
internal static class StatusCommands
{
    public static Command Status()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var command = new Command("status", T("Status_Description")) { db, json };
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
        var limit = new Option<int>("--limit") { Description = T("Imports_Option_Limit"), DefaultValueFactory = _ => 20 };
        var command = new Command("imports", T("Imports_Description")) { db, limit, json };
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
                parse.Out().WriteLine(T("Imports_None"));
            }

            foreach (var run in runs)
            {
                parse.Out().WriteLine(T("Imports_Run", run.Id, run.StartedAt, Code("ImportStatus_", run.Status), run.StartedBy, run.RowsRead, run.RowsLoaded, run.RowsDuplicate, run.RowsRejected));
                foreach (var file in run.Files)
                {
                    parse.Out().WriteLine(T("Imports_File", Code("ImportStatus_", file.Status), Code("ImportKind_", file.Kind), file.FileName, file.RowsRead, file.RowsLoaded, file.RowsDuplicate, file.RowsRejected)
                        + (file.Error is null ? string.Empty : " — " + ImportError(file.Error)));
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
        var id = new Argument<long>("IMPORT_ID") { Description = T("Rejects_Argument_Id") };
        var csv = new Option<bool>("--csv") { Description = T("Rejects_Option_Csv") };
        var command = new Command("rejects", T("Rejects_Description")) { db, json, csv, id };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.OpenAsync(parse.GetValue(db), ct);
            var rows = await services.GetRequiredService<ICrmQueries>().GetRejectsAsync(parse.GetValue(id), ct);
            if (parse.GetValue(json))
            {
                CommonOptions.WriteJson(parse, rows);
                return 0;
            }

            if (parse.GetValue(csv))
            {
                // Headers and reasons in the run's language, as the dashboard shows them; the API's CSV keeps the
                // stored (English) reasons for scripts.
                parse.Out().Write(RejectsCsv(rows));
                return 0;
            }

            if (rows.Count == 0)
            {
                parse.Out().WriteLine(T("Rejects_None", parse.GetValue(id)));
            }

            foreach (var row in rows)
            {
                parse.Out().WriteLine(T("Rejects_Row", row.FileName, row.LineNumber, row.Column, row.RawValue, RejectReason(row.Reason)));
            }

            return 0;
        });
        return command;
    }

    internal static async Task PrintStatusAsync(ParseResult parse, ICrmQueries queries, string connection, CancellationToken cancellationToken)
    {
        var s = await queries.GetStatusAsync(cancellationToken);
        var o = parse.Out();
        o.WriteLine(T("Status_Database", ImportCommands.Describe(connection)));
        o.WriteLine(T("Status_Customers", s.Customers, s.StubCustomers));
        o.WriteLine(T("Status_Products", s.Products, s.StubProducts));
        o.WriteLine(T("Status_SalesLines", s.SalesLines, s.FirstSaleDate, s.LastSaleDate));
        o.WriteLine(s.StockSnapshots == 0
            ? T("Status_NoStock")
            : T("Status_Stock", s.StockArticles, s.SoldOutArticles, s.StockSnapshots, s.LastStockDate));
        o.WriteLine(s.Contacts == 0 ? T("Status_NoContacts") : T("Status_Contacts", s.Contacts, s.LastContactDate));
        o.WriteLine(T("Status_Imports", s.Imports, s.LastImportAt));
        o.WriteLine(T("Status_Quarantined", s.RejectedRows));
    }

    /// <summary>The quarantined rows as CSV in the run's language, the dashboard's download's shape: ";"-separated,
    /// a header line, a cell starting with = + - @ prefixed with an apostrophe (no formula runs in a spreadsheet).</summary>
    internal static string RejectsCsv(IEnumerable<RejectedRowRow> rows)
    {
        var csv = new StringBuilder();
        void Line(IEnumerable<string?> cells) => csv.AppendJoin(';', cells.Select(Cell)).Append("\r\n");
        Line(new[] { "Csv_File", "Csv_Line", "Csv_Column", "Csv_Value", "Csv_Reason" }.Select(key => T(key)));
        foreach (var row in rows)
        {
            Line([row.FileName, row.LineNumber.ToString(CultureInfo.InvariantCulture), row.Column, row.RawValue, RejectReason(row.Reason)]);
        }

        return csv.ToString();
    }

    private static string Cell(string? value)
    {
        var text = string.IsNullOrEmpty(value) ? string.Empty : value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        return text.AsSpan().IndexOfAny(";\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
