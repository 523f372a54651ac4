using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CrmReco.Integration.Tests.Infrastructure;
using CrmReco.Worker;

namespace CrmReco.Integration.Tests.Language;

/// <summary>One language per run of `crmreco`: the two resource tables match, and the real output of the main verbs
/// in one language holds no text of the other table.</summary>
public sealed partial class CliLanguageTests
{
    private const string LanguageVariable = "CRMRECO_LANG";

    private static readonly ResourceManager Resources = new("CrmReco.Worker.Resources.CliStrings", typeof(Cli).Assembly);

    private static Dictionary<string, string> Table(string language)
    {
        // The neutral table is French; the English one is the satellite, read alone (no fallback to French).
        var culture = language == "fr" ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(language);
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No {language} CLI table.");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }

    [Fact]
    public void ResourceTables_FrenchAndEnglish_HaveTheSameKeysPlaceholdersAndNoEmptyValue()
    {
        var fr = Table("fr");
        var en = Table("en");

        Assert.True(fr.Count > 300, $"only {fr.Count} French texts");
        Assert.Equal(fr.Keys.Order(StringComparer.Ordinal), en.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(fr.Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => "fr " + e.Key)
            .Concat(en.Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => "en " + e.Key)));
        // The same arguments on both sides ({0}, {1:N0}…: the index; the format may differ).
        Assert.Empty(fr.Where(e => !Indexes(e.Value).SetEquals(Indexes(en[e.Key]))).Select(e => e.Key));
    }

    [Theory]
    [InlineData("fr", "Strings.resx")]
    [InlineData("en", "Strings.en.resx")]
    public void ResourceTables_CodesTheDashboardAlsoSays_SayTheSame(string language, string dashboardFile)
    {
        var dashboard = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "CrmReco.Web", "Resources", dashboardFile)).Root!
            .Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!, StringComparer.Ordinal);
        string[] shared = ["RejectReason_", "RejectField_", "Guardrail_", "EmailBlock_", "Scenario_", "Exclusion_", "CampaignState_", "Group_", "RecipientStatus_", "ImportKind_"];

        var cli = Table(language).Where(e => shared.Any(p => e.Key.StartsWith(p, StringComparison.Ordinal))).ToList();

        Assert.True(cli.Count > 40, $"only {cli.Count} shared codes");
        Assert.Empty(cli.Where(e => !dashboard.TryGetValue(e.Key, out var text) || text != e.Value).Select(e => e.Key));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CrmReco.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("CrmReco.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task MainVerbs_English_PrintNoFrenchTextOfTheTable()
    {
        var output = await RunMainVerbsAsync("en");

        Assert.Empty(Foreign(output.All, own: "en", other: "fr"));
        Assert.True(Foreign(output.All, own: "fr", other: "en").Count > 20); // the check sees a language when it is there
        Assert.Contains(string.Join(";", "file", "line", "column", "value", "reason"), output.RejectsCsv, StringComparison.Ordinal);
        Assert.Contains("is not a valid date", output.RejectsCsv, StringComparison.Ordinal);
        Assert.Contains("Customers   ", output.All, StringComparison.Ordinal);
        Assert.Contains("Recommendations #", output.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MainVerbs_FrenchByDefault_PrintNoEnglishTextOfTheTable()
    {
        var output = await RunMainVerbsAsync(null);

        Assert.Empty(Foreign(output.All, own: "fr", other: "en"));
        Assert.True(Foreign(output.All, own: "en", other: "fr").Count > 20);
        Assert.Contains(string.Join(";", "fichier", "ligne", "colonne", "valeur", "raison"), output.RejectsCsv, StringComparison.Ordinal);
        Assert.Contains("n'est pas une date valide", output.RejectsCsv, StringComparison.Ordinal);
        Assert.Contains("Clients     ", output.All, StringComparison.Ordinal);
        Assert.Contains("Recommandations n°", output.All, StringComparison.Ordinal);
        Assert.Contains("3 064", output.All.Replace('\u202f', ' ').Replace('\u00a0', ' '), StringComparison.Ordinal); // French digit grouping
    }

    [Fact]
    public async Task Language_FromTheEnvironment_IsHonouredAndTheOptionWins()
    {
        var db = TestDatabases.NewSqlite();
        var english = new Dictionary<string, string>(StringComparer.Ordinal) { [LanguageVariable] = "en" };

        var fromEnvironment = await CliRunner.RunAsync(english, "status", "--db", db);
        var french = await CliRunner.RunAsync(english, "status", "--db", db, "--lang", "fr");
        var equals = await CliRunner.RunAsync(english, "--lang=fr", "status", "--db", db);

        Assert.Equal(0, fromEnvironment.ExitCode);
        Assert.StartsWith("Database    ", fromEnvironment.StdOut, StringComparison.Ordinal);
        Assert.Equal(0, french.ExitCode);
        Assert.StartsWith("Base            ", french.StdOut, StringComparison.Ordinal);
        Assert.Equal(french.StdOut, equals.StdOut);
    }

    [Theory]
    [InlineData("de", null)]
    [InlineData(null, "de")]
    public async Task Language_NeitherFrNorEn_IsRefusedListingBoth(string? option, string? environment)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (environment is not null)
        {
            variables[LanguageVariable] = environment;
        }

        var result = await CliRunner.RunAsync(variables, option is null ? ["status"] : ["status", "--lang", option]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("must be fr or en, not 'de'", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("doit valoir fr ou en", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StdOut);
    }

    [Fact]
    public async Task Help_English_DescribesTheVerbsAndTheLanguageOptionInEnglish()
    {
        var english = await CliRunner.RunAsync("--lang", "en", "--help");
        var french = await CliRunner.RunAsync("import", "--help");

        Assert.Contains("Import iSaVigne exports", english.StdOut, StringComparison.Ordinal);
        Assert.Contains("Language of the output: fr or en.", english.StdOut, StringComparison.Ordinal);
        Assert.Empty(Foreign(english.StdOut, own: "en", other: "fr"));
        Assert.Contains("Importer les exports iSaVigne", french.StdOut, StringComparison.Ordinal);
        Assert.Contains("Langue de la sortie", french.StdOut, StringComparison.Ordinal); // --lang is on every verb
        Assert.Empty(Foreign(french.StdOut, own: "fr", other: "en"));
    }

    [Theory]
    [InlineData("fr", "vide.csv est vide.", "a PDF document")]
    [InlineData("en", "vide.csv is empty.", "un document PDF")]
    public async Task Import_FilesRejectedWhole_SayWhyInTheRunsLanguage(string language, string expected, string foreign)
    {
        var db = TestDatabases.NewSqlite();
        var files = new ExportFiles();
        files.WriteBytes("ventes_lignes/vide.csv", []);
        files.WriteBytes("ventes_lignes/facture.pdf", "%PDF-1.7\n%âãÏÓ\n"u8.ToArray());

        var result = await CliRunner.RunAsync("import", files.Root, "--db", db, "--lang", language);
        var imports = await CliRunner.RunAsync("imports", "--db", db, "--lang", language);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.StdOut, StringComparison.Ordinal);
        Assert.Contains(expected, imports.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(foreign, result.StdOut + result.StdErr + imports.StdOut, StringComparison.Ordinal);
        Assert.Empty(Foreign(result.StdOut + result.StdErr + imports.StdOut, own: language, other: language == "fr" ? "en" : "fr"));
    }

    private sealed record MainOutput(string All, string RejectsCsv);

    /// <summary>demo (an import with quarantined rows), import of a file with a bad row, status, imports, rejects (text
    /// and CSV), analyze and recommend on one SQLite database, in the given language (null: the default).</summary>
    private static async Task<MainOutput> RunMainVerbsAsync(string? language)
    {
        // CliRunner gives each run an empty environment: no CRMRECO_LANG, so no --lang means the default.
        var db = TestDatabases.NewSqlite();
        var files = new ExportFiles();
        files.WriteCp1252("ventes_lignes/ventes_2027.csv", ExportFiles.SalesHeader,
            ExportFiles.Sale("C001", "27/12/2024", "Riesling Réserve 2022", "6", "FA-001", "RIE-RES-2022"),
            ExportFiles.Sale("C001", "31/02/2025", "Riesling Réserve 2022", "abc", "FA-002", "RIE-RES-2022"));
        string[] lang = language is null ? [] : ["--lang", language];
        var runs = new List<CliResult>();
        async Task<CliResult> Run(params string[] args)
        {
            var result = await CliRunner.RunAsync([.. args, "--db", db, .. lang]);
            Assert.True(result.ExitCode == 0, $"crmreco {string.Join(' ', args)}: exit {result.ExitCode}\n{result.StdErr}");
            runs.Add(result);
            return result;
        }

        await Run("demo");
        await Run("import", files.Root);
        await Run("status");
        await Run("imports");
        await Run("rejects", "1");
        await Run("rejects", "2");
        var csv = await Run("rejects", "1", "--csv");
        await Run("analyze");
        await Run("recommend");
        return new(string.Join("\n", runs.Select(r => r.StdOut + "\n" + r.StdErr)), csv.StdOut);
    }

    /// <summary>The texts of the other table (their literal pieces between arguments, 10 characters or more, that the
    /// own table does not also hold) found in the output.</summary>
    private static List<string> Foreign(string output, string own, string other)
    {
        var ownValues = Table(own).Values.ToList();
        return Table(other)
            .SelectMany(e => Placeholder().Split(e.Value).Select(piece => (e.Key, Piece: piece.Trim(' ', '\n', ':', ',', ';', '.', '(', ')'))))
            .Where(p => p.Piece.Length >= 10 && !ownValues.Any(v => v.Contains(p.Piece, StringComparison.Ordinal)))
            .Where(p => output.Contains(p.Piece, StringComparison.Ordinal))
            .Select(p => $"{p.Key}: \"{p.Piece}\"")
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static HashSet<string> Indexes(string format) =>
        [.. Placeholder().Matches(format).Select(m => m.Groups["index"].Value)];

    [GeneratedRegex(@"\{(?<index>\d+)[^}]*\}|\n", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
