using System.CommandLine;
using System.Globalization;
using System.Text;
using CrmReco.Core.Email;
using CrmReco.Worker.Common;
using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Worker.Email;

/// <summary>`crmreco weekly-report`: the staff report of the last complete week, printed (or written as HTML) to
/// read before it is sent; `crmreco job run weekly-report` sends it to Email:ReportRecipients.</summary>
internal static class WeeklyReportCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Database();
        var today = new Option<string?>("--today") { Description = "Make the report as if today were this day (yyyy-MM-dd): the week before it is reported. Default: today." };
        var lang = new Option<string?>("--lang") { Description = "fr (default: Email:DefaultLanguage) or en." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the HTML email to this file (the text is printed either way)." };
        var command = new Command("weekly-report", "The weekly staff report (last week's sales, imports and their errors, data health, campaigns and their results), printed; the weekly-report job emails it.") { db, today, lang, output };
        command.SetAction(async (parse, ct) =>
        {
            var day = DateOnly.FromDateTime(DateTime.Today);
            if (parse.GetValue(today) is { } text && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            {
                return CommonOptions.Fail(parse, $"--today: \"{text}\" is not a date (yyyy-MM-dd).");
            }

            if (parse.GetValue(lang) is { } language && language is not ("fr" or "en"))
            {
                return CommonOptions.Fail(parse, $"--lang: \"{language}\" is neither fr nor en.");
            }

            await using var services = await EmailHost.StartAsync(parse.GetValue(db), ct);
            var reports = services.GetRequiredService<WeeklyReportService>();
            var message = reports.Render(await reports.BuildAsync(day, ct), parse.GetValue(lang));
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
