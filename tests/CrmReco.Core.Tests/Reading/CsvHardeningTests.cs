using System.Text;
using CrmReco.Core.Import.Reading;
using static CrmReco.Core.Tests.Reading.TabularTestReading;

namespace CrmReco.Core.Tests.Reading;

/// <summary>CSV files that used to be stored damaged without a word (issue 18): unbalanced quotes, over-long
/// fields and lines, encodings that cannot be read with confidence.</summary>
public sealed class CsvHardeningTests
{
    private static string Customers(int from, int to) =>
        string.Concat(Enumerable.Range(from, to - from + 1).Select(i => $"C{i:000};Nom{i};Pre;q{i}@example.fr\n"));

    [Fact]
    public void TryReadRow_UnbalancedQuoteSwallowingRows_FlagsTheRowWithTheLinesItSpans()
    {
        var text = "Code client;Nom;Prénom;E-mail\n" + Customers(1, 16) + "C017;\"Nom17;Pre;q17@example.fr\n" + Customers(18, 30)
            + "C031;Nom31\";Pre;q31@example.fr\n" + Customers(32, 40);
        var rows = ReadAll(Utf8(text), out _);

        var swallowed = Assert.Single(rows, r => r.Defect is not null);
        Assert.Equal(18, swallowed.LineNumber);
        Assert.Equal("Nom", swallowed.Defect!.Column);
        Assert.Contains("from line 18 to line 32 and contains the separator", swallowed.Defect.Reason, StringComparison.Ordinal);
        Assert.Contains("unbalanced quote", swallowed.Defect.Reason, StringComparison.Ordinal);
        Assert.StartsWith("Nom17;Pre;q17@example.fr", swallowed.Defect.RawValue, StringComparison.Ordinal);
        Assert.Equal("C032", rows[^9][0]); // the rows after the closing quote are read normally
    }

    [Fact]
    public void TryReadRow_QuoteNeverClosed_FlagsTheRow()
    {
        var rows = ReadAll(Utf8("Code client;Nom\nC1;\"Muller\nC2;Klein\nC3;Weber\n"), out _);
        var row = Assert.Single(rows);
        Assert.Contains("a quote opened on line 2 is never closed", row.Defect!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadRow_MultiLineAddressWithoutSeparator_IsAccepted()
    {
        var rows = ReadAll(Utf8("Code client;Adresse;Ville\nC1;\"3 rue des Vignes\nBâtiment B\";Colmar\nC2;1 rue;Sélestat\n"), out _);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Null(r.Defect));
        Assert.Equal("3 rue des Vignes\nBâtiment B", rows[0][1]);
    }

    [Fact]
    public void TryReadRow_HugeField_FlagsTheRowWithoutHoldingTheField()
    {
        var bytes = Utf8("Code client;Nom;Ville\nC1;" + new string('x', 5_000_000) + ";Colmar\nC2;Klein;Sélestat\n");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var rows = ReadAll(bytes, out _);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(2, rows.Count);
        Assert.Equal("Nom", rows[0].Defect!.Column);
        Assert.Contains("longer than 32,767 characters", rows[0].Defect!.Reason, StringComparison.Ordinal);
        Assert.Equal("Colmar", rows[0][2]);
        Assert.Null(rows[1].Defect);
        Assert.True(allocated < 4L * 1024 * 1024, $"allocated {allocated:N0} bytes for a 5,000,000-character field");
    }

    [Fact]
    public void TryReadRow_LineWithMillionsOfFields_FlagsTheRowWithBoundedMemory()
    {
        var bytes = Utf8("Code client;Nom\nC1;" + string.Concat(Enumerable.Repeat("x;", 1_000_000)) + "\nC2;Klein\n");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var rows = ReadAll(bytes, out _);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("more than 1,024 fields", rows[0].Defect!.Reason, StringComparison.Ordinal);
        Assert.True(rows[0].Fields.Length <= ReadingLimits.MaxColumns);
        Assert.True(allocated < 8L * 1024 * 1024, $"allocated {allocated:N0} bytes");
        Assert.Equal("Klein", rows[1][1]);
    }

    [Fact]
    public void Open_ShiftJis_RefusesSayingTheEncodingCannotBeRead()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var shiftJis = Encoding.GetEncoding(932);
        var bytes = shiftJis.GetBytes("Code client;Nom;Prénom\n" + string.Concat(Enumerable.Range(1, 20).Select(i => $"C{i};山田;太郎\n")));

        var ex = Assert.Throws<FileRejectedException>(() => TabularFile.Open(new MemoryStream(bytes), "clients.csv"));
        Assert.Contains("clients.csv: its encoding cannot be read with confidence", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_Utf8WithAnInvalidByte_RefusesInsteadOfReadingItAsWindows1252()
    {
        var bytes = Utf8("Code client;Nom\nC1;Crémant\nC2;Gewürztraminer\n").Concat(new byte[] { (byte)'C', (byte)'3', (byte)';', 0xFF, (byte)'\n' }).ToArray();
        var ex = Assert.Throws<FileRejectedException>(() => TabularFile.Open(new MemoryStream(bytes), "clients.csv"));
        Assert.Contains("UTF-8 characters but also bytes that are not UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadRow_InvalidUtf8AfterTheSniffedPrefix_RefusesWithTheLine()
    {
        var bytes = Utf8("Code client;Nom\n" + string.Concat(Enumerable.Range(1, 5_000).Select(i => $"C{i};Crémant{i}\n")))
            .Concat(new byte[] { (byte)'X', (byte)';', 0xC3, 0x28, (byte)'\n' }).ToArray();
        using var reader = TabularFile.Open(new MemoryStream(bytes), "clients.csv");
        var ex = Assert.Throws<FileRejectedException>(() =>
        {
            while (reader.TryReadRow(out _))
            {
            }
        });
        Assert.Contains("not valid in the file's encoding", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_French1252WithTypographicQuotes_IsStillWindows1252()
    {
        var cp1252 = Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        var bytes = cp1252.GetBytes("Désignation;Code article\n" + string.Concat(Enumerable.Range(1, 50).Select(i => $"Crémant d’Alsace « Brut » – {i} € … œuvre;A{i}\n")));
        var rows = ReadAll(bytes, out var reader);
        Assert.Contains("windows-1252", reader.Format, StringComparison.Ordinal);
        Assert.Equal("Crémant d’Alsace « Brut » – 1 € … œuvre", rows[0][0]);
    }

    [Theory]
    [InlineData("utf-32", true, "UTF-32 LE")]
    [InlineData("utf-32", false, "UTF-32 LE (no BOM)")]
    [InlineData("utf-32BE", true, "UTF-32 BE")]
    [InlineData("utf-16", false, "UTF-16 LE (no BOM)")]
    public void Open_WideEncodings_AreReadWithoutNulCharacters(string encodingName, bool bom, string expected)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        var bytes = (bom ? encoding.GetPreamble() : []).Concat(encoding.GetBytes("Code client;Nom\nC1;Müller\nC2;Klein\n")).ToArray();
        var rows = ReadAll(bytes, out var reader);
        Assert.Contains(expected, reader.Format, StringComparison.Ordinal);
        Assert.Equal(["Code client", "Nom"], reader.Headers);
        Assert.Equal("Müller", rows[0][1]);
        Assert.DoesNotContain(rows, r => r.Fields.Any(f => f?.Contains('\0', StringComparison.Ordinal) == true));
    }
}
