using System.Data.Common;
using CrmReco.Core.Import;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace CrmReco.Core.Storage;

/// <summary>
/// Loads a file's keyed sales lines straight into <c>sales_lines</c>, inside the file's transaction, adding only
/// lines whose key is not there yet (an overlapping export adds only its new lines; a line repeated in the file is
/// loaded once). No staging table and no second pass over the rows: the database does the work of its own bulk
/// loader plus one key probe per line. The references to customers and products are checked at commit, after the
/// file's stubs are created (deferred).
/// </summary>
internal static class SalesLoad
{
    /// <summary>Lines per key probe and COPY on PostgreSQL: bounded memory, few round trips.</summary>
    internal const int ChunkRows = 16_384;

    private const string Columns =
        "line_key, import_id, customer_code, article, document_no, document_type, line_no, sale_date, label, quantity, bottles, " +
        "unit_price_ht, amount_ht, amount_ttc, margin, email, postal_code, city, source_line";

    /// <summary>Returns the lines read and the lines added.</summary>
    public static Task<(int Read, int Loaded)> LoadAsync(SqlDatabase database, DbConnection connection, DbTransaction transaction, long importId, IEnumerable<KeyedSalesLine> lines, CancellationToken cancellationToken) =>
        database.Provider == DatabaseProvider.PostgreSql
            ? LoadPostgresAsync((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, importId, lines, cancellationToken)
            : LoadSqliteAsync((SqliteConnection)connection, transaction, importId, lines, cancellationToken);

    private static string DocumentTypeName(SalesLineRecord s) => s.DocumentType == DocumentType.CreditNote ? SalesLineRules.CreditNote : "sale";

    private static async Task<(int Read, int Loaded)> LoadPostgresAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long importId, IEnumerable<KeyedSalesLine> lines, CancellationToken cancellationToken)
    {
        // One sales load at a time: a key probed absent must stay absent until this file commits (two imports of
        // overlapping exports wait for each other instead of colliding on the unique key). The stubs come at the
        // end of the file, hence the deferred references. The key probe must use the unique index even when the
        // table's statistics still say "empty" during a first load (a sequential scan per chunk is quadratic).
        await SqlDatabase.ExecuteAsync(
            connection,
            transaction,
            "SELECT pg_advisory_xact_lock(727002); SET CONSTRAINTS sales_lines_customer_code_fkey, sales_lines_article_fkey DEFERRED; SET LOCAL enable_seqscan = off",
            cancellationToken);
        var read = 0;
        var loaded = 0;
        var chunk = new List<KeyedSalesLine>(ChunkRows);
        foreach (var line in lines)
        {
            chunk.Add(line);
            if (chunk.Count == ChunkRows)
            {
                loaded += await FlushAsync();
            }
        }

        loaded += await FlushAsync();
        await SqlDatabase.ExecuteAsync(connection, transaction, "SET LOCAL enable_seqscan = on", cancellationToken);
        return (read, loaded);

        async Task<int> FlushAsync()
        {
            if (chunk.Count == 0)
            {
                return 0;
            }

            read += chunk.Count;
            var present = new HashSet<string>(StringComparer.Ordinal);
            await using (var probe = new NpgsqlCommand("SELECT line_key FROM sales_lines WHERE line_key = ANY(@keys)", connection, transaction))
            {
                probe.Parameters.Add(new NpgsqlParameter<string[]>("keys", chunk.Select(l => l.Key).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                await using var reader = await probe.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    present.Add(reader.GetString(0));
                }
            }

            var copied = 0;
            if (present.Count < chunk.Count)
            {
                await using var importer = await connection.BeginBinaryImportAsync($"COPY sales_lines ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
                foreach (var (key, s) in chunk)
                {
                    if (!present.Add(key))
                    {
                        continue; // already loaded, or repeated in this chunk
                    }

                    importer.StartRow();
                    importer.Write(key, NpgsqlDbType.Text);
                    importer.Write(importId, NpgsqlDbType.Bigint);
                    importer.Write(s.CustomerCode, NpgsqlDbType.Text);
                    WriteText(importer, s.Article);
                    importer.Write(s.DocumentNo, NpgsqlDbType.Text);
                    importer.Write(DocumentTypeName(s), NpgsqlDbType.Text);
                    WriteInt(importer, s.LineNo);
                    importer.Write(s.Date, NpgsqlDbType.Date);
                    WriteText(importer, s.Label);
                    importer.Write(s.Quantity, NpgsqlDbType.Numeric);
                    importer.Write(s.Bottles, NpgsqlDbType.Numeric);
                    WriteMoney(importer, s.UnitPriceHt);
                    WriteMoney(importer, s.AmountHt);
                    WriteMoney(importer, s.AmountTtc);
                    WriteMoney(importer, s.Margin);
                    WriteText(importer, s.Email);
                    WriteText(importer, s.PostalCode);
                    WriteText(importer, s.City);
                    importer.Write(s.SourceLine, NpgsqlDbType.Integer);
                    copied++;
                }

                await importer.CompleteAsync(cancellationToken);
            }

            chunk.Clear();
            return copied;
        }
    }

    private static void WriteText(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, NpgsqlDbType.Text);
        }
    }

    private static void WriteInt(NpgsqlBinaryImporter importer, int? value)
    {
        if (value is { } v)
        {
            importer.Write(v, NpgsqlDbType.Integer);
        }
        else
        {
            importer.WriteNull();
        }
    }

    private static void WriteMoney(NpgsqlBinaryImporter importer, decimal? value)
    {
        if (value is { } v)
        {
            importer.Write(v, NpgsqlDbType.Numeric);
        }
        else
        {
            importer.WriteNull();
        }
    }

    private static async Task<(int Read, int Loaded)> LoadSqliteAsync(SqliteConnection connection, DbTransaction transaction, long importId, IEnumerable<KeyedSalesLine> lines, CancellationToken cancellationToken)
    {
        // Reset by SQLite at the end of the transaction.
        await SqlDatabase.ExecuteAsync(connection, transaction, "PRAGMA defer_foreign_keys = ON", cancellationToken);
        var handle = connection.Handle!;
        var sql = $"INSERT INTO sales_lines ({Columns}) VALUES ({string.Join(", ", Enumerable.Repeat("?", 19))}) ON CONFLICT (line_key) DO NOTHING";
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(handle, sql, out var statement), handle);
        using (statement)
        {
            var read = 0;
            var loaded = 0;
            foreach (var (key, s) in lines)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Check(raw.sqlite3_bind_text(statement, 1, key));
                Check(raw.sqlite3_bind_int64(statement, 2, importId));
                Check(raw.sqlite3_bind_text(statement, 3, s.CustomerCode));
                Check(BindText(statement, 4, s.Article));
                Check(raw.sqlite3_bind_text(statement, 5, s.DocumentNo));
                Check(raw.sqlite3_bind_text(statement, 6, DocumentTypeName(s)));
                Check(s.LineNo is { } lineNo ? raw.sqlite3_bind_int64(statement, 7, lineNo) : raw.sqlite3_bind_null(statement, 7));
                Check(raw.sqlite3_bind_text(statement, 8, s.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
                Check(BindText(statement, 9, s.Label));
                Check(raw.sqlite3_bind_double(statement, 10, (double)s.Quantity));
                Check(raw.sqlite3_bind_double(statement, 11, (double)s.Bottles));
                Check(BindMoney(statement, 12, s.UnitPriceHt));
                Check(BindMoney(statement, 13, s.AmountHt));
                Check(BindMoney(statement, 14, s.AmountTtc));
                Check(BindMoney(statement, 15, s.Margin));
                Check(BindText(statement, 16, s.Email));
                Check(BindText(statement, 17, s.PostalCode));
                Check(BindText(statement, 18, s.City));
                Check(raw.sqlite3_bind_int64(statement, 19, s.SourceLine));
                var step = raw.sqlite3_step(statement);
                raw.sqlite3_reset(statement);
                if (step != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(step, handle);
                }

                read++;
                loaded += raw.sqlite3_changes(handle);
            }

            return (read, loaded);
        }

        void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, handle);
    }

    private static int BindText(sqlite3_stmt statement, int index, string? value) =>
        value is null ? raw.sqlite3_bind_null(statement, index) : raw.sqlite3_bind_text(statement, index, value);

    private static int BindMoney(sqlite3_stmt statement, int index, decimal? value) =>
        value is { } v ? raw.sqlite3_bind_double(statement, index, (double)v) : raw.sqlite3_bind_null(statement, index);
}
