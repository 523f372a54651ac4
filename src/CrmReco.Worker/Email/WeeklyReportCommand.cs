using System.CommandLine;
using System.Globalization;
using System.Text;
using CrmReco.Core.Email;
using CrmReco.Worker.Common;
using Microsoft.Extensions.DependencyInjection;
using static CrmReco.Worker.Common.CliText;

namespace CrmReco.Worker.Email;

/// <summary>`crmreco weekly-report`: the staff report of the last complete week, printed (or written as HTML) to
/// read before it is sent; `crmreco job run weekly-report` sends it to Email:ReportRecipients.</summary>
internal static class WeeklyReportCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Database();
        var today = new Option<string?>("--today") { Description = T("Weekly_Option_Today") };
        var output = new Option<FileInfo?>("--out") { Description = T("Weekly_Option_Out") };
        var command = new Command("weekly-report", T("Weekly_Description")) { db, today, output };
        command.SetAction(async (parse, ct) =>
        {
            var day = DateOnly.FromDateTime(DateTime.Today);
            if (parse.GetValue(today) is { } text && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            {
                return CommonOptions.Fail(parse, T("Weekly_Error_Today", text));
            }

            await using var services = await EmailHost.StartAsync(parse.GetValue(db), ct);
            var reports = services.GetRequiredService<WeeklyReportService>();
            var message = reports.Render(await reports.BuildAsync(day, ct), Language); // the run's language (--lang, $CRMRECO_LANG, fr)
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, message.Html, Encoding.UTF8, ct);
            }

            parse.Out().Write(message.Text);
            return 0;
        });
        return command;
    }
}
