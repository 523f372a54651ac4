using System.Text;
using CrmReco.Core.Import.Reading;
using CrmReco.Core.Tests.Reading.Reference;

namespace CrmReco.Core.Tests.Reading;

/// <summary>The CSV reader reads in blocks and appends runs of plain text at once: on random files (quotes, separators,
/// line breaks of every kind, fields longer than its block and than the cell limit) it must give exactly what the
/// character-by-character original gave: headers, format, rows, line numbers, defects and refusals.</summary>
public sealed class CsvReaderDifferentialTests
{
    private static readonly string[] Pieces =
    [
        "\"", "\"\"", ";", ",", "\t", "|", "\r\n", "\n", "\r", " ", "  ", "é", "€", "山田", "sep=;", "0", "-1,5", "C00007",
        "Crémant d'Alsace", "a", "b", "\" ", " \"",
    ];

    [Fact]
    public void Read_RandomFiles_MatchesOriginal()
    {
        var random = new Random(1207);
        for (var i = 0; i < 250; i++)
        {
            var text = RandomCsv(random);
            var bytes = (random.Next(4) == 0 ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(text)).ToArray();
            Assert.Equal(Read(bytes, ReferenceCsvTableReader.Open), Read(bytes, CsvTableReader.Open));
        }
    }

    [Fact]
    public void Read_LinesAcrossBlockBoundaries_MatchesOriginal()
    {
        // A line break, a doubled quote or a separator at every offset around the reader's 4,096-character blocks.
        for (var pad = 4_060; pad < 4_110; pad++)
        {
            foreach (var tail in new[] { "\r\nC2;b\r\n", "\"\"x\";y\n", ";\"q\r\nr\";s\r\n", "\r", "\n\n\n;", "\" ;z" })
            {
                var text = "Code;Nom\r\nC1;" + new string('x', pad) + tail + "C3;c\r\n";
                var bytes = Encoding.UTF8.GetBytes(text);
                Assert.Equal(Read(bytes, ReferenceCsvTableReader.Open), Read(bytes, CsvTableReader.Open));
            }
        }
    }

    private static string Read<T>(byte[] bytes, Func<Stream, string, T> open)
        where T : ITabularReader
    {
        var sb = new StringBuilder();
        try
        {
            using var reader = open(new MemoryStream(bytes), "ventes.csv");
            sb.Append(reader.Format).Append('|').AppendJoin("|", reader.Headers).AppendLine();
            while (reader.TryReadRow(out var row))
            {
                sb.Append(row.LineNumber).Append(':').AppendJoin("|", row.Fields.Select(f => f is null ? "<null>" : $"[{f}]"));
                if (row.Defect is { } defect)
                {
                    sb.Append(" defect ").Append(defect.Column).Append(" / ").Append(defect.RawValue).Append(" / ").Append(defect.Reason);
                }

                sb.AppendLine();
            }
        }
        catch (FileRejectedException ex)
        {
            sb.Append("refused: ").Append(ex.Message);
        }

        return sb.ToString();
    }

    private static string RandomCsv(Random random)
    {
        var sb = new StringBuilder();
        if (random.Next(8) == 0)
        {
            sb.Append("sep=;\r\n");
        }

        sb.Append("Code client;Nom;Ville;Montant HT\r\n");
        var lines = random.Next(1, 40);
        for (var line = 0; line < lines; line++)
        {
            var fields = random.Next(1, 7);
            for (var f = 0; f < fields; f++)
            {
                if (f > 0)
                {
                    sb.Append(';');
                }

                switch (random.Next(12))
                {
                    case 0:
                        sb.Append(new string('x', random.Next(3_000, 9_000))); // longer than a block
                        break;
                    case 1:
                        sb.Append('"').Append(new string('y', random.Next(30_000, 34_000))).Append('"'); // about the cell limit
                        break;
                    case 2:
                        sb.Append(new string('z', random.Next(32_700, 32_800)));
                        break;
                    default:
                        for (var p = random.Next(0, 5); p > 0; p--)
                        {
                            sb.Append(Pieces[random.Next(Pieces.Length)]);
                        }

                        break;
                }
            }

            sb.Append(random.Next(3) switch { 0 => "\r\n", 1 => "\n", _ => "\r" });
        }

        return sb.ToString();
    }
}
