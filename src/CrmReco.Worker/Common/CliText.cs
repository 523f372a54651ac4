using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using CrmReco.Contracts.Imports;

namespace CrmReco.Worker.Common;

/// <summary>The language of one `crmreco` run: <c>--lang fr|en</c>, else $CRMRECO_LANG, else French (the estate's).
/// Every text the command line prints comes from one resource table per language (Resources/CliStrings.resx,
/// French, and CliStrings.en.resx), numbers and dates in that language's culture; never both in one run. JSON output
/// (--json) and log lines (ILogger, English message templates, on stderr) are not translated.</summary>
internal static partial class CliText
{
    public const string EnvironmentVariable = "CRMRECO_LANG";
    public const string OptionName = "--lang";
    public static readonly IReadOnlyList<string> Languages = ["fr", "en"];

    private static readonly ResourceManager Resources = new("CrmReco.Worker.Resources.CliStrings", typeof(CliText).Assembly);
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    // Per invocation (flows into the command's actions), so in-process runs side by side keep their own language.
    private static readonly AsyncLocal<string?> Current = new();

    /// <summary>fr or en.</summary>
    public static string Language => Current.Value ?? "fr";

    /// <summary>The culture numbers and dates are written in.</summary>
    public static CultureInfo Culture => Language == "en" ? English : French;

    public static void Use(string language) => Current.Value = language;

    /// <summary>The language asked for: the last <c>--lang X</c> (or <c>--lang=X</c>, <c>--lang:X</c>) of the
    /// arguments, else the environment variable, else fr. Read before the commands are built, so their help is in it
    /// too. Null and the value given when it is neither fr nor en.</summary>
    public static (string? Language, string Given) Resolve(IReadOnlyList<string> args, string? environment)
    {
        string? given = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                break;
            }

            if (arg == OptionName)
            {
                given = i + 1 < args.Count ? args[++i] : string.Empty;
            }
            else if (arg.StartsWith(OptionName + "=", StringComparison.Ordinal) || arg.StartsWith(OptionName + ":", StringComparison.Ordinal))
            {
                given = arg[(OptionName.Length + 1)..];
            }
        }

        given ??= string.IsNullOrWhiteSpace(environment) ? "fr" : environment;
        var normalized = given.Trim().ToLowerInvariant();
        return (Languages.Contains(normalized, StringComparer.Ordinal) ? normalized : null, given);
    }

    /// <summary>The text of a key in the run's language.</summary>
    public static string T(string key) =>
        Resources.GetString(key, Culture) is { Length: > 0 } text ? text : throw new KeyNotFoundException($"No CLI text '{key}'.");

    /// <summary>The text of a key, its {0}… filled in the run's culture.</summary>
    public static string T(string key, params object?[] args) => string.Format(Culture, T(key), args);

    /// <summary>The text of a code (a rule, a reason, a state…) under its prefix ("Guardrail_" + "emailable"), the
    /// code itself when the table does not know it.</summary>
    public static string Code(string prefix, string? code) =>
        code is null ? string.Empty : Resources.GetString(prefix + code, Culture) is { Length: > 0 } text ? text : code;

    /// <summary>A value written in the run's culture ("N0", "yyyy-MM-dd"…).</summary>
    public static string F(IFormattable value, string format) => value.ToString(format, Culture);

    /// <summary>An import's reason for a quarantined row in the run's language (the parse the dashboard uses), as
    /// stored when the table does not know it.</summary>
    public static string RejectReason(string? reason)
    {
        if (RejectReasons.Parse(reason) is not { } parsed)
        {
            return reason ?? string.Empty;
        }

        var field = parsed.FieldKey is null ? string.Empty : Code(string.Empty, parsed.FieldKey) is var name && name != parsed.FieldKey ? name : parsed.FieldFallback;
        return T(parsed.Key, field, parsed.Raw ?? string.Empty);
    }

    /// <summary>An import's message for a file rejected whole (Core's English), in the run's language for the common
    /// ones (empty, binary, XLS, PDF, not found, kind unknown); others as given.</summary>
    public static string ImportError(string? message)
    {
        if (message is null)
        {
            return string.Empty;
        }

        if (FileMessage().Match(message) is { Success: true } file)
        {
            return T("FileError_" + file.Groups["what"].Value.Replace(' ', '_'), file.Groups["file"].Value);
        }

        if (NotFound().Match(message) is { Success: true } missing)
        {
            return T("FileError_NotFound", missing.Groups["path"].Value);
        }

        if (UnknownKind().Match(message) is { Success: true } unknown)
        {
            var headers = unknown.Groups["found"].Success
                ? T("FileError_Headers", unknown.Groups["found"].Value == "none" ? T("FileError_NoHeader") : unknown.Groups["found"].Value, unknown.Groups["expected"].Value) + " "
                : string.Empty;
            return headers + T("FileError_UnknownKind", unknown.Groups["option"].Value);
        }

        return message;
    }

    [GeneratedRegex(@"^(?<file>.+) is (?<what>empty|a binary file|an XLS|a PDF document)(?:\.|, not a CSV or XLSX table\.| \(Excel 97-2003\) workbook, which is not supported: save it as XLSX or CSV\.)$", RegexOptions.CultureInvariant)]
    private static partial Regex FileMessage();

    [GeneratedRegex(@"^No such file or folder: (?<path>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex NotFound();

    [GeneratedRegex(@"^(?:Headers found: (?<found>.*); none matches the required columns of an export, expected one of: (?<expected>.*)\. )?Cannot tell whether this is a sales, customers, products, stock or contacts export from its folder, name or headers: put it in a ventes/, clients/, produits/, stock/ or contacts/ folder, or pass (?<option>\S+)\.$", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownKind();
}
