using System.Text;
using CrmReco.Core.Import;
using CrmReco.Core.Import.Reading;
using CrmReco.Core.Normalization;
using static CrmReco.Core.Tests.Reading.TabularTestReading;

namespace CrmReco.Core.Tests.Reading;

/// <summary>The CSV reader on each quirk of real exports.</summary>
public sealed class CsvReadingTests
{
    [Theory]
    [InlineData(";")]
    [InlineData(",")]
    [InlineData("\t")]
    [InlineData("|")]
    public void Open_AnySeparator_IsSniffed(string separator)
    {
        var text = string.Join("\n", new[] { "a,b,c", "1,2,3", "4,5,6" }.Select(l => l.Replace(",", separator, StringComparison.Ordinal)));
        var rows = ReadAll(Utf8(text), out var reader);
        Assert.Equal(["a", "b", "c"], reader.Headers);
        Assert.Equal(2, rows.Count);
        Assert.Equal(["4", "5", "6"], rows[1].Fields.Select(f => f!).ToArray());
    }

    [Fact]
    public void Open_FrenchDecimalsWithSemicolons_PrefersSemicolon()
    {
        var rows = ReadAll(Utf8("Code;Montant\nC1;12,50\nC2;1 234,00\n"), out var reader);
        Assert.Equal(2, reader.Headers.Count);
        Assert.Equal("12,50", rows[0][1]);
    }

    [Fact]
    public void Read_QuotedFields_KeepSeparatorsQuotesAndNewlinesAndCountLines()
    {
        var text = "a;b;c\r\n\"x;y\";\"he said \"\"hi\"\"\";\"line1\r\nline2\"\r\n1;2;3\r\n";
        var rows = ReadAll(Utf8(text), out _);
        Assert.Equal(2, rows.Count);
        Assert.Equal("x;y", rows[0][0]);
        Assert.Equal("he said \"hi\"", rows[0][1]);
        Assert.Equal("line1\r\nline2", rows[0][2]);
        Assert.Equal(2, rows[0].LineNumber);
        Assert.Equal(4, rows[1].LineNumber); // the record above spans lines 2 and 3
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData("\r")]
    public void Read_AnyLineEnding_GivesTheSameRows(string newline)
    {
        var rows = ReadAll(Utf8(string.Join(newline, "a;b", "1;2", "3;4") + newline), out _);
        Assert.Equal(2, rows.Count);
        Assert.Equal(3, rows[1].LineNumber);
        Assert.Equal("4", rows[1][1]);
    }

    [Fact]
    public void Open_Cp1252Bytes_AreDecodedAsWindows1252()
    {
        var bytes = MojibakeRepair.Windows1252.GetBytes("Désignation;Qté\nCrémant;6\n");
        var rows = ReadAll(bytes, out var reader);
        Assert.Equal("Désignation", reader.Headers[0]);
        Assert.Equal("Crémant", rows[0][0]);
        Assert.Contains("windows-1252", reader.Format, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Open_Utf8WithOrWithoutBom_IsDecoded(bool bom)
    {
        var body = Utf8("Désignation;Qté\nGewürztraminer;6\n");
        var bytes = bom ? [0xEF, 0xBB, 0xBF, .. body] : body;
        var rows = ReadAll(bytes, out var reader);
        Assert.Equal("Désignation", reader.Headers[0]);
        Assert.Equal("Gewürztraminer", rows[0][0]);
    }

    [Fact]
    public void Open_Utf16LittleEndianBom_IsDecoded()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("a;b\nCrémant;6\n")).ToArray();
        var rows = ReadAll(bytes, out _);
        Assert.Equal("Crémant", rows[0][0]);
    }

    [Fact]
    public void Open_ExcelSepLineTrailingSeparatorAndBlankLines_AreHandled()
    {
        var rows = ReadAll(Utf8("sep=;\na;b;\n1;2;\n\n;;\n  3 ; 4 ;\n"), out var reader);
        Assert.Equal(["a", "b"], reader.Headers);
        Assert.Equal(2, rows.Count);
        Assert.Equal(3, rows[0].LineNumber);
        Assert.Equal("3", rows[1][0]);
        Assert.Equal("4", rows[1][1]);
        Assert.Equal(6, rows[1].LineNumber);
    }

    [Fact]
    public void Open_HeaderOnly_HasNoRows()
    {
        var rows = ReadAll(Utf8("a;b;c\n"), out var reader);
        Assert.Equal(3, reader.Headers.Count);
        Assert.Empty(rows);
    }

    [Theory]
    [InlineData(new byte[0], "empty")]
    [InlineData(new byte[] { 32, 13, 10, 9 }, "empty")]
    [InlineData(new byte[] { 0x61, 0x00, 0x62, 0x00, 0x00, 0x01 }, "binary")]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }, "XLS")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "PDF")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8 }, "XLSX")]
    public void Open_NotATable_IsRejectedWithAClearMessage(byte[] bytes, string expected)
    {
        var ex = Assert.Throws<FileRejectedException>(() => TabularFile.Open(new MemoryStream(bytes), "x.csv"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("x.csv", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LargeFile_StreamsEveryRow()
    {
        var path = Path.Combine(Path.GetTempPath(), $"crmreco-large-{Guid.NewGuid():N}.csv");
        using (var writer = new StreamWriter(path, false, MojibakeRepair.Windows1252))
        {
            writer.WriteLine("Code client;Date;Qté;N° pièce");
            for (var i = 0; i < 200_000; i++)
            {
                writer.WriteLine($"C{i};01/02/2024;6;FA-{i}");
            }
        }

        try
        {
            using var reader = TabularFile.Open(path);
            var count = 0;
            var last = default(RawRow);
            while (reader.TryReadRow(out var row))
            {
                count++;
                last = row;
            }

            Assert.Equal(200_000, count);
            Assert.Equal(200_001, last.LineNumber);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Open_NonSeekableStream_IsBufferedAndRead()
    {
        using var reader = TabularFile.Open(new NonSeekable(Utf8("a;b\n1;2\n")), "upload.csv");
        Assert.True(reader.TryReadRow(out var row));
        Assert.Equal("2", row[1]);
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
