using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using CrmReco.Core.Import.Reading;

namespace CrmReco.Core.Tests.Reading;

/// <summary>
/// Random and mutated CSV and XLSX files from a fixed seed, through <see cref="TabularFile"/> to the last row: the
/// only exception allowed is <see cref="FileRejectedException"/> (a damaged row comes back with its defect), no
/// case may allocate more than a bounded amount, and the whole run is bounded in count and time (issue 18).
/// </summary>
public sealed class ReaderFuzzTests
{
    private const int Seed = 20261207;
    private const int Cases = 250; // of each format
    private const long MaxAllocatedPerCase = 64L * 1024 * 1024;
    private static readonly string[] Headers = ["Code client", "Nom", "Prénom", "E-mail", "CP", "Ville", "Date livraison", "Qté"];
    private static readonly string[] Pieces = ["\"", "\"\"", ";", ",", "\t", "\r\n", "\n", "\r", "\0", "é", "€", "山田", "\uFFFD", "sep=;", " ", "0", "-1", "1e308", "31/02/2024"];

    [Fact]
    public void Read_RandomAndMutatedCsv_OnlyRefusesOrFlags()
    {
        var random = new Random(Seed);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Cases; i++)
        {
            var bytes = Mutate(random, CsvBytes(random), random.Next(0, 6));
            ReadAll(bytes, $"case{i}.csv", i);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{Cases} CSV cases took {clock.Elapsed}");
    }

    [Fact]
    public void Read_RandomAndMutatedXlsx_OnlyRefusesOrFlags()
    {
        var random = new Random(Seed);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Cases; i++)
        {
            using var workbook = XlsxBuilder.Build(w => SheetXml(random, w), random.Next(3) == 0 ? null : w => SharedStringsXml(random, w));
            var bytes = workbook.ToArray();
            // A third intact (XML-level damage only), a third with bytes flipped in the zip, a third rewritten entry by entry.
            bytes = (i % 3) switch
            {
                0 => bytes,
                1 => Mutate(random, bytes, random.Next(1, 4)),
                _ => RewriteEntries(random, bytes),
            };
            ReadAll(bytes, $"case{i}.xlsx", i);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{Cases} XLSX cases took {clock.Elapsed}");
    }

    private static void ReadAll(byte[] bytes, string name, int index)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            using var reader = TabularFile.Open(new MemoryStream(bytes), name);
            Assert.NotNull(reader.Headers);
            var rows = 0;
            while (reader.TryReadRow(out var row))
            {
                Assert.True(row.Fields.Length <= ReadingLimits.MaxColumns);
                Assert.All(row.Fields, f => Assert.True(f is null || f.Length <= ReadingLimits.MaxCellChars));
                rows++;
            }
        }
        catch (FileRejectedException ex)
        {
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        }
        catch (Exception ex)
        {
            Assert.Fail($"case {index} ({name}, {bytes.Length} bytes, base64 {Convert.ToBase64String(bytes.AsSpan(0, Math.Min(bytes.Length, 2048)))}): unhandled {ex}");
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < MaxAllocatedPerCase, $"case {index} ({name}) allocated {allocated:N0} bytes");
    }

    private static string Cell(Random random) => random.Next(10) switch
    {
        0 when random.Next(40) == 0 => new string('x', random.Next(30_000, 40_000)),
        0 => string.Empty,
        1 => Pieces[random.Next(Pieces.Length)],
        2 => new string((char)random.Next(0x20, 0x3000), random.Next(1, 50)),
        3 => new string('x', random.Next(1, 400)),
        4 => random.Next(-100000, 100000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => random.Next(3) == 0 ? Pieces[random.Next(Pieces.Length)] : ((char)random.Next('a', 'z' + 1)).ToString())),
    };

    private static byte[] CsvBytes(Random random)
    {
        var separator = ";,\t|"[random.Next(4)];
        var sb = new StringBuilder();
        var columns = random.Next(1, Headers.Length + 1);
        sb.AppendJoin(separator, Headers.Take(columns)).Append('\n');
        var rows = random.Next(0, 40);
        for (var r = 0; r < rows; r++)
        {
            if (random.Next(15) == 0)
            {
                sb.AppendJoin(separator, Enumerable.Repeat("x", random.Next(1000, 2000))).Append('\n'); // a row over the column limit
                continue;
            }

            sb.AppendJoin(separator, Enumerable.Range(0, columns).Select(_ => random.Next(4) == 0 ? $"\"{Cell(random)}\"" : Cell(random))).Append(random.Next(5) == 0 ? "\r\n" : "\n");
        }

        var encoding = random.Next(6) switch
        {
            0 => Encoding.Unicode,
            1 => Encoding.UTF32,
            2 => Encoding.BigEndianUnicode,
            3 => Encoding.Latin1,
            _ => (Encoding)new UTF8Encoding(random.Next(2) == 0),
        };
        return [.. encoding.GetPreamble(), .. encoding.GetBytes(sb.ToString())];
    }

    private static void SheetXml(Random random, TextWriter w)
    {
        var rows = random.Next(0, 30);
        for (var r = 1; r <= rows; r++)
        {
            w.Write(random.Next(8) == 0 ? "<row>" : $"<row r=\"{(random.Next(10) == 0 ? random.Next() : r)}\">");
            var cells = random.Next(10) == 0 ? random.Next(0, 3000) : random.Next(0, 9);
            for (var c = 0; c < cells; c++)
            {
                var reference = random.Next(6) switch
                {
                    0 => string.Empty,
                    1 => " r=\"XFD1\"",
                    2 => " r=\"1A\"",
                    _ => $" r=\"{(char)('A' + (c % 26))}{r}\"",
                };
                w.Write(random.Next(6) switch
                {
                    0 => $"<c{reference} t=\"s\"><v>{random.Next(-2, 40)}</v></c>",
                    1 => $"<c{reference} t=\"inlineStr\"><is><t>{System.Security.SecurityElement.Escape(Cell(random).Replace("\0", string.Empty, StringComparison.Ordinal))}</t></is></c>",
                    2 => $"<c{reference} s=\"{random.Next(0, 5)}\"><v>{random.NextDouble() * 100000}</v></c>",
                    3 => $"<c{reference} t=\"b\"><v>{random.Next(3)}</v></c>",
                    4 => $"<c{reference} t=\"s\"><v>abc</v></c>",
                    _ => $"<c{reference}/>",
                });
            }

            w.Write(random.Next(30) == 0 ? "<row>" : "</row>");
        }
    }

    private static void SharedStringsXml(Random random, TextWriter w)
    {
        var count = random.Next(0, 30);
        for (var i = 0; i < count; i++)
        {
            w.Write(random.Next(5) == 0
                ? $"<si><r><t>{System.Security.SecurityElement.Escape(Cell(random).Replace("\0", string.Empty, StringComparison.Ordinal))}</t></r><rPh><t>x</t></rPh></si>"
                : $"<si><t>{System.Security.SecurityElement.Escape(Cell(random).Replace("\0", string.Empty, StringComparison.Ordinal))}</t></si>");
        }
    }

    /// <summary>Flips, inserts, deletes or truncates bytes.</summary>
    private static byte[] Mutate(Random random, byte[] bytes, int mutations)
    {
        var list = new List<byte>(bytes);
        for (var m = 0; m < mutations && list.Count > 0; m++)
        {
            var at = random.Next(list.Count);
            switch (random.Next(4))
            {
                case 0:
                    list[at] = (byte)random.Next(256);
                    break;
                case 1:
                    list.InsertRange(at, Enumerable.Range(0, random.Next(1, 8)).Select(_ => (byte)random.Next(256)));
                    break;
                case 2:
                    list.RemoveRange(at, Math.Min(random.Next(1, 16), list.Count - at));
                    break;
                default:
                    list.RemoveRange(at, list.Count - at);
                    break;
            }
        }

        return [.. list];
    }

    /// <summary>The package unzipped, one entry's XML damaged (cut, a byte changed, or dropped), and zipped again:
    /// damage the zip's checksums would otherwise catch first.</summary>
    private static byte[] RewriteEntries(Random random, byte[] package)
    {
        var entries = new List<(string Name, byte[] Content)>();
        using (var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read))
        {
            foreach (var entry in zip.Entries)
            {
                using var s = entry.Open();
                using var copy = new MemoryStream();
                s.CopyTo(copy);
                entries.Add((entry.FullName, copy.ToArray()));
            }
        }

        var victim = random.Next(entries.Count);
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < entries.Count; i++)
            {
                if (i == victim && random.Next(4) == 0)
                {
                    continue; // a missing part
                }

                var content = i == victim ? Mutate(random, entries[i].Content, random.Next(1, 4)) : entries[i].Content;
                using var s = zip.CreateEntry(entries[i].Name, CompressionLevel.Fastest).Open();
                s.Write(content);
            }
        }

        return output.ToArray();
    }
}
