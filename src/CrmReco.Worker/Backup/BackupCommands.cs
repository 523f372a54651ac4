using System.CommandLine;
using System.Globalization;
using CrmReco.Core.Backup;
using CrmReco.Hosting.Jobs;
using CrmReco.Worker.Common;
using Microsoft.Extensions.Configuration;

namespace CrmReco.Worker.Backup;

/// <summary>`crmreco backup [--out DIR]`, `crmreco backup verify FILE`, `crmreco restore FILE --db TARGET [--force]`
/// (docs/operations.md, "Backups"). Settings from the Jobs:Backup section (appsettings.json, Jobs__Backup__… variables).</summary>
internal static class BackupCommands
{
    public static Command Backup()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var output = new Option<string?>("--out") { Description = "Folder of the backups. Default: Jobs:Backup:Folder (data/backups). The retention (7 daily, 4 weekly, 12 monthly) applies to it." };
        var command = new Command("backup", "Back the database up into one file (manifest with row counts and SHA-256), keep the retention, run the after-backup command.") { db, output, json };
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
                    parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.File}: {m.Provider} by {m.Method} ({m.Tool}), schema {m.SchemaVersion}, {m.Tables.Count} tables, {m.TotalRows:N0} rows, {new FileInfo(result.File).Length:N0} bytes, SHA-256 {m.PayloadSha256}"));
                    foreach (var deleted in result.Deleted)
                    {
                        parse.Out().WriteLine($"  deleted (retention): {deleted}");
                    }
                }

                return 0;
            });
        });
        return command;
    }

    public static Command Restore()
    {
        var file = new Argument<string>("FILE") { Description = "A backup made by `crmreco backup`." };
        var target = new Option<string>("--db") { Description = "The database to restore into: 'Data Source=FILE' or 'Host=…;Database=…' (the database must exist).", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace a database that holds rows (stop crmreco-api and crmreco-worker first)." };
        var json = CommonOptions.JsonOutput();
        var command = new Command("restore", "Restore a backup into a database; refuses a damaged backup, and a non-empty target without --force.") { file, target, force, json };
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
                    parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{result.File} restored ({result.Manifest.Method}, made {result.Manifest.CreatedAt:u}, schema {result.Manifest.SchemaVersion}): {result.Restored.Count} tables, {result.Restored.Values.Sum():N0} rows. Start the services: their `crmreco migrate` brings the schema up to date."));
                }

                return 0;
            });
        });
        return command;
    }

    private static Command Verify()
    {
        var file = new Argument<string>("FILE") { Description = "A backup made by `crmreco backup`." };
        var db = CommonOptions.Database();
        db.Description = "For a PostgreSQL backup: the server to create the scratch database on (the role needs CREATEDB). Default: $CRMRECO_DB.";
        var json = CommonOptions.JsonOutput();
        var command = new Command("verify", "Restore a backup into a scratch database and compare it with its manifest (the restore drill). Exit 0 good, 1 damaged or different.") { file, db, json };
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
                    parse.Out().WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{result.File}: good — checksum matches, restored {result.Restored.Count} tables and {result.Restored.Values.Sum():N0} rows as in the manifest ({result.Manifest.Method}, made {result.Manifest.CreatedAt:u})."));
                }
                else
                {
                    parse.Err().WriteLine($"error: {result.File} restored with other counts than its manifest:");
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
