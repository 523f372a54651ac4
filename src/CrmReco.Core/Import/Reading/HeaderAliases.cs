using System.Collections.Frozen;
using System.Text.Json;
using CrmReco.Core.Normalization;

namespace CrmReco.Core.Import.Reading;

/// <summary>
/// The configurable table matching a file's headers to canonical columns. Matching ignores case, accents,
/// spaces and punctuation ("N° pièce" = "N°Piece" = "n_piece"), and repairs mojibake ("NÂ° piÃ¨ce").
/// Defaults are docs/data-format.md's table; <see cref="Load"/> merges a JSON file of extra aliases.
/// </summary>
public sealed class HeaderAliases
{
    private readonly FrozenDictionary<ExportKind, FrozenDictionary<string, string>> _canonicalByKey;
    private readonly IReadOnlyDictionary<ExportKind, IReadOnlyDictionary<string, IReadOnlyList<string>>> _aliases;

    private HeaderAliases(IReadOnlyDictionary<ExportKind, IReadOnlyDictionary<string, IReadOnlyList<string>>> aliases)
    {
        _aliases = aliases;
        _canonicalByKey = aliases.ToFrozenDictionary(
            kind => kind.Key,
            kind => kind.Value
                .SelectMany(column => column.Value.Append(column.Key).Select(alias => (Key: Key(alias), Canonical: column.Key)))
                .Where(pair => pair.Key.Length > 0)
                .DistinctBy(pair => pair.Key)
                .ToFrozenDictionary(pair => pair.Key, pair => pair.Canonical, StringComparer.Ordinal));
    }

    public static HeaderAliases Default { get; } = new(DefaultAliases.Table);

    /// <summary>The aliases of every canonical column of a kind (for docs and error messages).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> For(ExportKind kind) => _aliases[kind];

    /// <summary>The comparison key of a header: mojibake repaired, accents, case, spaces and punctuation removed.</summary>
    public static string Key(string? header) => TextNormalizer.Key(MojibakeRepair.Repair(header));

    /// <summary>The canonical column a header means for a kind, or null.</summary>
    public string? CanonicalOf(ExportKind kind, string header) =>
        _canonicalByKey[kind].TryGetValue(Key(header), out var canonical) ? canonical : null;

    /// <summary>A copy with extra aliases for one column.</summary>
    public HeaderAliases With(ExportKind kind, string canonical, params string[] aliases)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        if (!Columns.AllFor(kind).Contains(canonical, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{canonical}' is not a {kind.ToName()} column (columns: {string.Join(", ", Columns.AllFor(kind))}).", nameof(canonical));
        }

        var copy = _aliases.ToDictionary(k => k.Key, k => (IReadOnlyDictionary<string, IReadOnlyList<string>>)k.Value.ToDictionary(c => c.Key, c => c.Value));
        var columns = (Dictionary<string, IReadOnlyList<string>>)copy[kind];
        columns[canonical] = [.. aliases, .. columns.GetValueOrDefault(canonical, [])];
        return new HeaderAliases(copy);
    }

    /// <summary>Defaults plus a JSON file: <c>{ "sales": { "document_no": ["Num facture"] }, "customers": {…} }</c>.</summary>
    public static HeaderAliases Load(string jsonPath)
    {
        ArgumentNullException.ThrowIfNull(jsonPath);
        Dictionary<string, Dictionary<string, string[]>>? extra;
        try
        {
            extra = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string[]>>>(File.ReadAllText(jsonPath));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{jsonPath}: not a valid alias file ({ex.Message}).", ex);
        }

        var result = Default;
        foreach (var (kindName, columns) in extra ?? [])
        {
            if (!ExportKindNames.TryParse(kindName, out var kind))
            {
                throw new InvalidDataException($"{jsonPath}: unknown export kind '{kindName}' (sales, customers, products, stock or contacts).");
            }

            foreach (var (canonical, aliases) in columns)
            {
                try
                {
                    result = result.With(kind, canonical, aliases);
                }
                catch (ArgumentException ex)
                {
                    throw new InvalidDataException($"{jsonPath}: {ex.Message}", ex);
                }
            }
        }

        return result;
    }

    /// <summary>Matches a file's headers; rejects the file when a required column is missing.</summary>
    public ColumnMap Resolve(ExportKind kind, IReadOnlyList<string> headers, string fileName)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Count; i++)
        {
            if (CanonicalOf(kind, headers[i]) is { } canonical && !map.TryAdd(canonical, i))
            {
                // Which of two same-meaning columns holds the truth cannot be guessed: say so rather than pick one.
                var first = map[canonical];
                throw new FileRejectedException(
                    $"{fileName}: the columns '{headers[first]}' (column {first + 1}) and '{headers[i]}' (column {i + 1}) both mean '{canonical}'; " +
                    "remove or rename one of them and import the file again.");
            }
        }

        var missing = Columns.RequiredFor(kind).Where(c => !map.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            var details = string.Join("; ", missing.Select(c => $"'{c}' (accepted: {string.Join(", ", _aliases[kind][c])})"));
            throw new FileRejectedException(
                $"{fileName}: required {kind.ToName()} column{(missing.Count > 1 ? "s" : string.Empty)} not found: {details}. " +
                $"Headers found: {string.Join(", ", headers.Select(h => $"'{h}'"))}.");
        }

        return new ColumnMap(map);
    }
}
