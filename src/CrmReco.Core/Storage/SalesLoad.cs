using System.Data.Common;
using CrmReco.Core.Import;
using Npgsql;
using NpgsqlTypes;

namespace CrmReco.Core.Storage;

/// <summary>
/// Loads a file's keyed sales lines straight into PostgreSQL's <c>sales_lines</c>, inside the file's transaction,
/// adding only lines whose key is not there yet (an overlapping export adds only its new lines; a line repeated in
/// the file is loaded once). No staging table and no second pass over the rows: the database does the work of its
/// own bulk loader plus one key probe per line. The references to customers and products are checked at commit,
/// after the file's stubs are created (deferred). SQLite keeps staging + one set-based insert (faster there).
/// </summary>
internal static class SalesLoad
{
    /// <summary>Lines per key probe and COPY on PostgreSQL: bounded memory, few round trips.</summary>
    internal const int ChunkRows = 16_384;

    private const string Columns =
        "line_key, import_id, customer_code, article, document_no, document_type, line_no, sale_date, label, quantity, bottles, " +
        "unit_price_ht, amount_ht, amount_ttc, margin, email, postal_code, city, source_line";

    private static string DocumentTypeName(SalesLineRecord s) => s.DocumentType == DocumentType.CreditNote ? SalesLineRules.CreditNote : "sale";

    /// <summary>Returns the lines read and the lines added.</summary>
    public static async Task<(int Read, int Loaded)> LoadPostgresAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long importId, IEnumerable<KeyedSalesLine> lines, CancellationToken cancellationToken)
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
}
