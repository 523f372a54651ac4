using System.CommandLine;
using System.Globalization;
using CrmReco.Core.Import;
using CrmReco.Core.Import.Reading;
using CrmReco.Core.Storage;
using CrmReco.Worker.Common;

using Microsoft.Extensions.DependencyInjection;

namespace CrmReco.Worker.Import;

/// <summary>`crmreco import|migrate|demo`: loading exports into the database.</summary>
internal static class ImportCommands
{
    public static Command Import()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var kind = new Option<string?>("--kind") { Description = "Force the export kind of every file: sales, customers, products, stock or contacts." };
        var aliases = new Option<FileInfo?>("--aliases") { Description = "JSON file of extra header aliases (see docs/data-format.md)." };
        var paths = new Argument<string[]>("PATH") { Description = "Export files or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("import", "Import iSaVigne exports (sales lines, customers, products, stock, contacts) into the database.")
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
                    return CommonOptions.Fail(parse, $"--kind must be sales, customers, products, stock or contacts, not '{kindText}'.");
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
        var command = new Command("migrate", "Create or upgrade the database schema (also done automatically on first use).") { db };
        command.SetAction(async (parse, ct) =>
        {
            // Opening the command's services brings the schema up to date.
            await using var services = await CliServices.OpenAsync(parse.GetValue(db), ct);
            var (current, _) = await services.GetRequiredService<DatabaseSchema>().VersionAsync(ct);
            parse.Err().WriteLine($"Schema is up to date ({services.GetRequiredService<DatabaseSchema>().Provider}, version {current}).");
            return 0;
        });
        return command;
    }

    public static Command Demo()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.JsonOutput();
        var command = new Command("demo", "Import the bundled samples/ into the database (the embedded SQLite default) and print a summary.")
        {
            db, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var samples = FindSamples();
            if (samples is null)
            {
                return CommonOptions.Fail(parse, "the samples/ folder was not found next to the program nor in the current folder.");
            }

            var connection = CommonOptions.ResolveDatabase(parse.GetValue(db));
            parse.Err().WriteLine($"Importing the samples in {samples} into {Describe(connection)}…");
            await using var services = await CliServices.OpenAsync(connection, ct);
            var exit = await RunImportAsync(parse, services, [samples], null, null, parse.GetValue(json), "demo", ct);
            if (!parse.GetValue(json))
            {
                parse.Out().WriteLine();
                await StatusCommands.PrintStatusAsync(parse, services.GetRequiredService<ICrmQueries>(), connection, ct);
                parse.Out().WriteLine();
                parse.Out().WriteLine("Next: `crmreco imports` for the history, `crmreco rejects <import id>` for the quarantined rows.");
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
            return CommonOptions.Fail(parse, ex.Message);
        }

        if (files.Count == 0)
        {
            return CommonOptions.Fail(parse, "no files to import in " + string.Join(", ", paths));
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
            parse.Out().WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Import #{result.ImportId} {result.Status}: {result.Files.Count} file(s), {t.RowsRead:N0} rows read, {t.RowsLoaded:N0} loaded, {t.RowsDuplicate:N0} already present, {t.RowsRejected:N0} quarantined."));
            foreach (var rejected in result.Files.Where(f => f.Status == ImportStatuses.FileRejected))
            {
                parse.Out().WriteLine($"  rejected: {rejected.Path}: {rejected.Error}");
            }

            if (t.RowsRejected > 0)
            {
                parse.Out().WriteLine($"  quarantined rows: crmreco rejects {result.ImportId}");
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
