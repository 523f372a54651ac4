using System.Globalization;
using System.Text;
using CrmReco.Core.Transactions;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CrmReco.Core.Storage;

/// <summary>
/// The sales lines of one id range read straight from SQLite's statement (the hot read of every analysis and
/// recommendation run: millions of rows). SqliteDataReader boxed every number, allocated a string per text cell
/// and looked up each column's type twice; here numbers are read as numbers, dates parsed from their UTF-8 bytes,
/// and the customer, product and document codes, which repeat from line to line, are shared strings (a third of
/// the objects: less to allocate and collect, and the later passes over the lines touch less memory). The values
/// are those of <see cref="CrmQueries"/>' ADO.NET reading, which PostgreSQL still uses.
/// </summary>
internal static class SqliteSalesReader
{
    // The columns of CrmQueries' query, in order.
    private const int Customer = 0, DocumentType = 1, DocumentNo = 2, SaleDate = 3, Article = 4, Label = 5, Bottles = 6, AmountTtc = 7, AmountHt = 8, Id = 9;

    private static readonly byte[] CreditNote = Encoding.UTF8.GetBytes(SalesLineRules.CreditNote);

    public static (List<Transaction> Lines, List<(int Day, long Id)> Keys) Read(SqliteConnection connection, string sql, long fromId, long toId, CancellationToken cancellationToken)
    {
        var handle = connection.Handle!;
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(handle, sql, out var statement), handle);
        using (statement)
        {
            SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "@from"), fromId), handle);
            SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "@to"), toId), handle);
            var lines = new List<Transaction>();
            var keys = new List<(int Day, long Id)>();
            var (codes, documents) = (new SharedStrings(), new SharedStrings()); // customers and products; orders (many more)
            int step;
            while ((step = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                if ((lines.Count & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var credit = raw.sqlite3_column_blob(statement, DocumentType).SequenceEqual(CreditNote);
                var document = documents.Get(raw.sqlite3_column_blob(statement, DocumentNo));
                var amount = SalesLineRules.AmountTtc(NumberOrNull(statement, AmountTtc), NumberOrNull(statement, AmountHt));
                var date = Date(statement, SaleDate);
                lines.Add(new Transaction(
                    codes.Get(raw.sqlite3_column_blob(statement, Customer)),
                    SalesLineRules.OrderId(credit, document),
                    date,
                    raw.sqlite3_column_type(statement, Article) == raw.SQLITE_TEXT ? codes.Get(raw.sqlite3_column_blob(statement, Article))
                        : SalesLineRules.LabelProduct(raw.sqlite3_column_type(statement, Label) == raw.SQLITE_TEXT ? Text(statement, Label) : null),
                    Number(statement, Bottles),
                    amount));
                keys.Add((date.DayNumber, raw.sqlite3_column_type(statement, Id) == raw.SQLITE_INTEGER ? raw.sqlite3_column_int64(statement, Id) : Convert.ToInt64(Value(statement, Id), CultureInfo.InvariantCulture)));
            }

            if (step != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(step, handle);
            }

            return (lines, keys);
        }
    }

    /// <summary>Convert.ToDouble of the cell's value, as the ADO.NET reading does (a NULL throws there too).</summary>
    private static double Number(sqlite3_stmt statement, int column) => raw.sqlite3_column_type(statement, column) switch
    {
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(statement, column),
        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(statement, column),
        _ => Convert.ToDouble(Value(statement, column), CultureInfo.InvariantCulture),
    };

    private static double? NumberOrNull(sqlite3_stmt statement, int column) =>
        raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL ? null : Number(statement, column);

    /// <summary>"yyyy-MM-dd" from the bytes; anything else through the same parsing as the ADO.NET reading.</summary>
    private static DateOnly Date(sqlite3_stmt statement, int column)
    {
        if (raw.sqlite3_column_type(statement, column) == raw.SQLITE_TEXT)
        {
            var text = raw.sqlite3_column_blob(statement, column);
            Span<char> chars = stackalloc char[10];
            if (text.Length >= 10 && Ascii.ToUtf16(text[..10], chars, out _) == System.Buffers.OperationStatus.Done && SqlReading.TryParseIsoDate(chars, out var date))
            {
                return date;
            }
        }

        return SqlReading.ToDate(Value(statement, column));
    }

    private static string Text(sqlite3_stmt statement, int column) => Encoding.UTF8.GetString(raw.sqlite3_column_blob(statement, column));

    /// <summary>The cell as SqliteDataReader.GetValue gives it.</summary>
    private static object Value(sqlite3_stmt statement, int column) => raw.sqlite3_column_type(statement, column) switch
    {
        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(statement, column),
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(statement, column),
        raw.SQLITE_TEXT => Text(statement, column),
        raw.SQLITE_BLOB => raw.sqlite3_column_blob(statement, column).ToArray(),
        _ => DBNull.Value,
    };

    /// <summary>One string per distinct code, found by its characters without allocating.</summary>
    private sealed class SharedStrings
    {
        private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private char[] _chars = new char[64];

        public SharedStrings() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

        public string Get(ReadOnlySpan<byte> utf8)
        {
            if (_chars.Length < utf8.Length)
            {
                _chars = new char[utf8.Length]; // UTF-8 never has fewer bytes than UTF-16 code units
            }

            var chars = _chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, _chars));
            if (!_lookup.TryGetValue(chars, out var text))
            {
                text = new string(chars);
                _strings.Add(text, text);
            }

            return text;
        }
    }
}
