using CrmReco.Core.Analytics;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Dashboard;

/// <summary>Paging and sorting of a list; <see cref="Sort"/> is a column key, "-" in front for descending. The
/// bounds are checked here, once, for every caller (API, CLI, Core).</summary>
public sealed record PageRequest(int Offset = 0, int Limit = 50, string? Sort = null)
{
    public const int MaxLimit = 500;

    public int Offset { get; } = Offset >= 0 ? Offset : throw new ArgumentException("offset must be 0 or more.");

    public int Limit { get; } = Limit is >= 1 and <= MaxLimit ? Limit : throw new ArgumentException($"limit must be between 1 and {MaxLimit}.");

    /// <summary>The sort clause for a whitelisted key, else the default; the key is never spliced in raw.</summary>
    internal string OrderBy(IReadOnlyDictionary<string, string> columns, string fallback)
    {
        if (string.IsNullOrWhiteSpace(Sort))
        {
            return fallback;
        }

        var descending = Sort.StartsWith('-');
        var key = Sort.TrimStart('-', '+');
        if (!columns.TryGetValue(key, out var column))
        {
            throw new ArgumentException($"Unknown sort key '{key}': use one of {string.Join(", ", columns.Keys)} (prefix '-' for descending).");
        }

        // NULLS LAST on both providers (they differ by default): unscored customers sort after the scored ones.
        return column + (descending ? " DESC" : " ASC") + " NULLS LAST, " + fallback;
    }
}

/// <summary>A WHERE clause built from the filters actually given (PostgreSQL cannot type a NULL parameter in
/// "@p IS NULL OR …", so absent filters leave no trace in the SQL).</summary>
internal sealed class Filters
{
    private readonly List<string> _clauses = [];
    private readonly List<(string Name, object? Value)> _parameters = [];

    public IReadOnlyList<(string Name, object? Value)> Parameters => _parameters;

    public Filters Add(string clause, params (string Name, object? Value)[] parameters)
    {
        _clauses.Add(clause);
        _parameters.AddRange(parameters);
        return this;
    }

    public Filters Parameter(string name, object? value)
    {
        _parameters.Add((name, value));
        return this;
    }

    public override string ToString() => _clauses.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", _clauses);

    public (string Name, object? Value)[] With(params (string Name, object? Value)[] more) => [.. _parameters, .. more];
}

/// <summary>Read models for the dashboard: lists with filters, paging and sorting, and details. Every read is
/// plain SQL shared by SQLite and PostgreSQL; "latest run" means the highest run id.</summary>
public sealed partial class DashboardQueries
{
    private const string LatestAnalyticsRun = "(SELECT MAX(id) FROM analytics_runs)";
    private const string LatestRecommendationRun = "(SELECT MAX(id) FROM recommendation_runs)";

    private readonly SqlDatabase _database;
    private readonly TimeProvider _time;
    private readonly CustomerRecommendationCache _recommendationCache;

    internal DashboardQueries(SqlDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
        _recommendationCache = new CustomerRecommendationCache(database, time);
    }


    /// <summary>Segment code → (French, English) names, from the segment table.</summary>
    public static (string French, string English) SegmentNames(string? code) =>
        Segments.Default.FirstOrDefault(s => string.Equals(s.Code, code, StringComparison.Ordinal)) is { } rule
            ? (rule.French, rule.English)
            : (code ?? string.Empty, code ?? string.Empty);

    private async Task<Page<T>> PageAsync<T>(string select, string from, Filters filters, string orderBy, PageRequest page, Func<System.Data.Common.DbDataReader, T> map, CancellationToken cancellationToken)
    {
        var (offset, limit) = (page.Offset, page.Limit); // in bounds: PageRequest checks them
        await using var connection = await _database.OpenAsync(cancellationToken);
        var total = await SqlDatabase.ScalarAsync<long>(connection, null, $"SELECT COUNT(*) FROM {from}{filters}", cancellationToken, [.. filters.Parameters]);
        var items = await SqlReading.QueryAsync(connection, null, $"SELECT {select} FROM {from}{filters} ORDER BY {orderBy} LIMIT @limit OFFSET @offset", map, cancellationToken,
            filters.With(("limit", limit), ("offset", offset)));
        return new Page<T>(items, (int)total, offset, limit);
    }

    private static string Like(string column) => $"LOWER(COALESCE({column}, '')) LIKE @q ESCAPE '\\'";
}
