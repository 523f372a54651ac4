using System.CommandLine;
using System.Globalization;
using CrmReco.Core.Import;
using CrmReco.Core.Import.Reading;
using CrmReco.Core.Storage;
using CrmReco.Worker.Common;

using Microsoft.Extensions.DependencyInjection;
using static CrmReco.Worker.Common.CliText;

namespace CrmReco.Worker.Import;

/// <summary>`crmreco import|migrate|demo`: loading exports into the database.</summary>
internal static class ImportCommands
{
    public static Command Import()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var kind = new Option<string?>("--kind") { Description = T("Import_Option_Kind") };
        var aliases = new Option<FileInfo?>("--aliases") { Description = T("Import_Option_Aliases") };
        var paths = new Argument<string[]>("PATH") { Description = T("Import_Argument_Path"), Arity = ArgumentArity.OneOrMore };
        var command = new Command("import", T("Import_Description"))
        {
            db, kind, aliases, json, paths,
        };
        command.SetAction(async (parse, ct) =>
        {
            ExportKind? forced = null;
            if (parse.GetValue(kind) is { } kindText)
            {
                if (!ExportKindNames.TryParse(kindText, out var parsed))
                {
                    return CommonOptions.Fail(parse, T("Import_Error_Kind", kindText));
                }

                forced = parsed;
            }

            await using var services = await CliServices.OpenAsync(parse.GetValue(db), ct);
            return await RunImportAsync(parse,
                services,
                parse.GetValue(paths) ?? [],
                forced,
                parse.GetValue(aliases),
                parse.GetValue(json),
                "cli",
                ct);
        });
        return command;
    }

    public static Command Migrate()
    {
        var db = CommonOptions.Database();
        var command = new Command("migrate", T("Migrate_Description")) { db };
        command.SetAction(async (parse, ct) =>
        {
            // Opening the command's services brings the schema up to date.
            await using var services = await CliServices.OpenAsync(parse.GetValue(db), ct);
            var (current, _) = await services.GetRequiredService<DatabaseSchema>().VersionAsync(ct);
            parse.Err().WriteLine(T("Migrate_UpToDate", services.GetRequiredService<DatabaseSchema>().Provider, current));
            return 0;
        });
        return command;
    }

    public static Command Demo()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var command = new Command("demo", T("Demo_Description"))
        {
            db, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var samples = FindSamples();
            if (samples is null)
            {
                return CommonOptions.Fail(parse, T("Demo_Error_NoSamples"));
            }

            var connection = CommonOptions.ResolveDatabase(parse.GetValue(db));
            parse.Err().WriteLine(T("Demo_Importing", samples, Describe(connection)));
            await using var services = await CliServices.OpenAsync(connection, ct);
            var exit = await RunImportAsync(parse, services, [samples], null, null, parse.GetValue(json), "demo", ct);
            if (!parse.GetValue(json))
            {
                parse.Out().WriteLine();
                await StatusCommands.PrintStatusAsync(parse, services.GetRequiredService<ICrmQueries>(), connection, ct);
                parse.Out().WriteLine();
                parse.Out().WriteLine(T("Demo_Next"));
            }

            return exit;
        });
        return command;
    }

    internal static async Task<int> RunImportAsync(
        ParseResult parse, IServiceProvider services,
        IReadOnlyList<string> paths,
        ExportKind? kind,
        FileInfo? aliasesFile,
        bool json,
        string startedBy,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<string> files;
        HeaderAliases aliases;
        try
        {
            files = ImportPipeline.ExpandPaths(paths);
            aliases = aliasesFile is null ? HeaderAliases.Default : HeaderAliases.Load(aliasesFile.FullName);
        }
        catch (Exception ex) when (ex is FileNotFoundException or IOException or InvalidDataException or FormatException)
        {
            return CommonOptions.Fail(parse, ImportError(ex.Message));
        }

        if (files.Count == 0)
        {
            return CommonOptions.Fail(parse, T("Import_Error_NoFiles", string.Join(", ", paths)));
        }

        var pipeline = new ImportPipeline(services.GetRequiredService<IImportStore>(), services.GetRequiredService<TimeProvider>());
        var result = await pipeline.RunAsync(files, new ImportOptions(kind, startedBy, aliases), new ConsoleImportProgress(parse), cancellationToken);
        if (json)
        {
            CommonOptions.WriteJson(parse, new
            {
                importId = result.ImportId,
                status = result.Status,
                files = result.Files,
                totals = result.Totals,
            });
        }
        else
        {
            var t = result.Totals;
            parse.Out().WriteLine(T("Import_Result", result.ImportId, Code("ImportStatus_", result.Status), result.Files.Count, t.RowsRead, t.RowsLoaded, t.RowsDuplicate, t.RowsRejected));
            foreach (var rejected in result.Files.Where(f => f.Status == ImportStatuses.FileRejected))
            {
                parse.Out().WriteLine(T("Import_FileRejected", rejected.Path, ImportError(rejected.Error)));
            }

            if (t.RowsRejected > 0)
            {
                parse.Out().WriteLine(T("Import_QuarantinedHint", result.ImportId));
            }
        }

        return result.AllFilesImported ? 0 : 1;
    }

    internal static string Describe(string connection) => CrmDatabase.ProviderOf(connection) == DatabaseProvider.Sqlite
        ? "SQLite " + connection
        : "PostgreSQL";

    private static string? FindSamples()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples");
                if (Directory.Exists(Path.Combine(candidate, "ventes_lignes")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
