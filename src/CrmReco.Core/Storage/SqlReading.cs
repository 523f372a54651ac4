using System.Data.Common;
using System.Globalization;

namespace CrmReco.Core.Storage;

/// <summary>Reads query results the same way on both providers: SQLite keeps dates and times as text and
/// booleans as integers, PostgreSQL has real types.</summary>
internal static class SqlReading
{
    public static async Task<List<T>> QueryAsync<T>(this SqlDatabase database, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAsync(connection, null, sql, map, cancellationToken, parameters);
    }

    public static async Task<List<T>> QueryAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = SqlDatabase.Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public static string? Str(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);

    public static string Text(this DbDataReader reader, int i) => reader.Str(i) ?? string.Empty;

    public static long Long(this DbDataReader reader, int i) => reader.IsDBNull(i) ? 0 : Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);

    public static int Int(this DbDataReader reader, int i) => (int)reader.Long(i);

    public static int? NullableInt(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.Int(i);

    public static double Dbl(this DbDataReader reader, int i) => reader.IsDBNull(i) ? 0 : Convert.ToDouble(reader.GetValue(i), CultureInfo.InvariantCulture);

    public static double? NullableDbl(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.Dbl(i);

    public static decimal? NullableDecimal(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : Convert.ToDecimal(reader.GetValue(i), CultureInfo.InvariantCulture);

    public static bool Bool(this DbDataReader reader, int i) => reader.NullableBool(i) ?? false;

    public static bool? NullableBool(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetValue(i) switch
    {
        bool b => b,
        var v => Convert.ToInt64(v, CultureInfo.InvariantCulture) != 0,
    };

    public static DateOnly? Date(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : ToDate(reader.GetValue(i));

    /// <summary>A date column's value: a date in PostgreSQL, "yyyy-MM-dd" text in SQLite.</summary>
    public static DateOnly ToDate(object value) => value switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        string s => TryParseIsoDate(s, out var date) ? date : DateOnly.ParseExact(s.Length > 10 ? s[..10] : s, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new InvalidDataException($"Unexpected date value '{value}'."),
    };

    // "yyyy-MM-dd" read by hand: the general parser cost a second per 2M sales lines. Anything else (or an
    // impossible date) goes to ParseExact, which gives the same date or the same error as before.
    internal static bool TryParseIsoDate(ReadOnlySpan<char> s, out DateOnly date)
    {
        date = default;
        if (s.Length < 10 || s[4] != '-' || s[7] != '-')
        {
            return false;
        }

        static int Digits(ReadOnlySpan<char> s, int start, int count)
        {
            var n = 0;
            for (var i = start; i < start + count; i++)
            {
                var d = s[i] - '0';
                if (d is < 0 or > 9)
                {
                    return -1;
                }

                n = (n * 10) + d;
            }

            return n;
        }

        int year = Digits(s, 0, 4), month = Digits(s, 5, 2), day = Digits(s, 8, 2);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    public static DateTimeOffset? Time(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetValue(i) switch
    {
        DateTimeOffset t => t,
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        var v => throw new InvalidDataException($"Unexpected timestamp value '{v}'."),
    };

    /// <summary>A date as a parameter: text in SQLite (as stored), a date in PostgreSQL.</summary>
    public static object DateParameter(this SqlDatabase database, DateOnly date) =>
        database.Provider == DatabaseProvider.Sqlite ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : date;

    /// <summary>A LIKE pattern matching <paramref name="text"/> anywhere, with the wildcards in it escaped (ESCAPE '\').</summary>
    public static string ContainsPattern(string text) =>
        "%" + text.Trim().ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
