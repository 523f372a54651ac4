using System.CommandLine;
using System.Globalization;
using CrmReco.Core.Backup;
using CrmReco.Hosting.Jobs;
using CrmReco.Worker.Common;
using Microsoft.Extensions.Configuration;
using static CrmReco.Worker.Common.CliText;

namespace CrmReco.Worker.Backup;

/// <summary>`crmreco backup [--out DIR]`, `crmreco backup verify FILE`, `crmreco restore FILE --db TARGET [--force]`
/// (docs/operations.md, "Backups"). Settings from the Jobs:Backup section (appsettings.json, Jobs__Backup__… variables).</summary>
internal static class BackupCommands
{
    public static Command Backup()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var output = new Option<string?>("--out") { Description = T("Backup_Option_Out") };
        var command = new Command("backup", T("Backup_Description")) { db, output, json };
        command.Subcommands.Add(Verify());
        command.SetAction(async (parse, ct) =>
        {
            var options = Load();
            var connection = CliConfiguration.Database(parse.GetValue(db));
            var folder = parse.GetValue(output) ?? options.Backup.Folder;
            return await Guarded(parse, async () =>
            {
                var result = await new DatabaseBackup(TimeProvider.System, options.Backup.ToSettings()).BackupAsync(connection, folder, ct);
                if (parse.GetValue(json))
                {
                    CommonOptions.WriteJson(parse, new { result.File, result.Manifest, result.Deleted });
                }
                else
                {
                    var m = result.Manifest;
                    parse.Out().WriteLine(T("Backup_Done", result.File, m.Provider, m.Method, m.Tool, m.SchemaVersion, m.Tables.Count, m.TotalRows, new FileInfo(result.File).Length, m.PayloadSha256));
                    foreach (var deleted in result.Deleted)
                    {
                        parse.Out().WriteLine(T("Backup_Deleted", deleted));
                    }
                }

                return 0;
            });
        });
        return command;
    }

    public static Command Restore()
    {
        var file = new Argument<string>("FILE") { Description = T("Backup_Argument_File") };
        var target = new Option<string>("--db") { Description = T("Restore_Option_Db"), Required = true };
        var force = new Option<bool>("--force") { Description = T("Restore_Option_Force") };
        var json = CommonOptions.JsonOutput();
        var command = new Command("restore", T("Restore_Description")) { file, target, force, json };
        command.SetAction(async (parse, ct) =>
        {
            var options = Load();
            return await Guarded(parse, async () =>
            {
                var result = await new DatabaseBackup(TimeProvider.System, options.Backup.ToSettings()).RestoreAsync(parse.GetValue(file)!, parse.GetValue(target)!, parse.GetValue(force), ct);
                if (parse.GetValue(json))
                {
                    CommonOptions.WriteJson(parse, new { result.File, result.Manifest, result.Restored });
                }
                else
                {
                    parse.Out().WriteLine(T("Restore_Done", result.File, result.Manifest.Method, result.Manifest.CreatedAt, result.Manifest.SchemaVersion, result.Restored.Count, result.Restored.Values.Sum()));
                }

                return 0;
            });
        });
        return command;
    }

    private static Command Verify()
    {
        var file = new Argument<string>("FILE") { Description = T("Backup_Argument_File") };
        var db = CommonOptions.Database();
        db.Description = T("Verify_Option_Db");
        var json = CommonOptions.JsonOutput();
        var command = new Command("verify", T("Verify_Description")) { file, db, json };
        command.SetAction(async (parse, ct) =>
        {
            var options = Load();
            var server = CliConfiguration.Database(parse.GetValue(db));
            return await Guarded(parse, async () =>
            {
                var result = await new DatabaseBackup(TimeProvider.System, options.Backup.ToSettings()).VerifyAsync(parse.GetValue(file)!, server, ct);
                if (parse.GetValue(json))
                {
                    CommonOptions.WriteJson(parse, new { result.File, result.Ok, result.Differences, result.Manifest, result.Restored });
                }
                else if (result.Ok)
                {
                    parse.Out().WriteLine(T("Verify_Good", result.File, result.Restored.Count, result.Restored.Values.Sum(), result.Manifest.Method, result.Manifest.CreatedAt));
                }
                else
                {
                    parse.Err().WriteLine(T("Error_Line", T("Verify_Different", result.File)));
                    foreach (var difference in result.Differences)
                    {
                        parse.Err().WriteLine("  " + difference);
                    }
                }

                return result.Ok ? 0 : 1;
            });
        });
        return command;
    }

    /// <summary>A damaged backup or a refused restore: one readable line and exit 1, no stack trace.</summary>
    private static async Task<int> Guarded(ParseResult parse, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (ex is BackupFormatException or InvalidOperationException or IOException or TimeoutException)
        {
            return CommonOptions.Fail(parse, ex.Message, exitCode: 1);
        }
    }

    /// <summary>The Jobs section as the worker reads it: appsettings.json in the current folder, then the environment.</summary>
    private static JobsOptions Load() =>
        CliConfiguration.Load().GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
}
