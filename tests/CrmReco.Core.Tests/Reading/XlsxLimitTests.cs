using CrmReco.Core.Import.Reading;

namespace CrmReco.Core.Tests.Reading;

/// <summary>Hostile workbooks (issue 18): each is refused naming the limit, or its damaged row is quarantined, with
/// memory bounded. The bombs are scaled so that the previous reader fails the assertion quickly instead of taking
/// the machine's memory (the reported ones were 20 million strings, a 1 GiB string, a 2-million-cell row).</summary>
public sealed class XlsxLimitTests
{
    private const string Header = """<row r="1"><c r="A1" t="inlineStr"><is><t>Code client</t></is></c><c r="B1" t="inlineStr"><is><t>Nom</t></is></c></row>""";

    [Fact]
    public void Open_MoreSharedStringsThanTheLimit_RefusesNamingTheLimitWithBoundedMemory()
    {
        using var workbook = XlsxBuilder.Build(
            w => w.Write(Header),
            w =>
            {
                for (var i = 0; i <= ReadingLimits.MaxSharedStrings; i++)
                {
                    w.Write("<si><t/></si>");
                }
            });
        Assert.True(workbook.Length < 1_000_000, $"the bomb is small: {workbook.Length:N0} bytes");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<FileRejectedException>(() => TabularFile.Open(workbook, "clients.xlsx").Dispose());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("2,000,000 shared strings", ex.Message, StringComparison.Ordinal);
        Assert.Contains("clients.xlsx", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 100L * 1024 * 1024, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void TryReadRow_HugeSharedString_QuarantinesTheRowWithoutHoldingTheString()
    {
        const int huge = 40_000_000;
        using var workbook = XlsxBuilder.Build(
            w => w.Write(Header + """<row r="2"><c r="A2" t="inlineStr"><is><t>C1</t></is></c><c r="B2" t="s"><v>0</v></c></row>""" + XlsxBuilder.Row(3, "C2", "Klein")),
            w =>
            {
                w.Write("<si><t>");
                var block = new string('x', 1 << 16);
                for (var written = 0; written < huge; written += block.Length)
                {
                    w.Write(block);
                }

                w.Write("</t></si>");
            });

        var before = GC.GetAllocatedBytesForCurrentThread();
        using var reader = TabularFile.Open(workbook, "clients.xlsx");
        Assert.True(reader.TryReadRow(out var row));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(2, row.LineNumber);
        Assert.NotNull(row.Defect);
        Assert.Equal("Nom", row.Defect.Column);
        Assert.Contains("32,767 characters", row.Defect.Reason, StringComparison.Ordinal);
        Assert.True(allocated < 16L * 1024 * 1024, $"allocated {allocated:N0} bytes for a {huge:N0}-character string");
        Assert.True(reader.TryReadRow(out var next));
        Assert.Equal("Klein", next[1]);
        Assert.Null(next.Defect);
    }

    [Fact]
    public void Open_RowWithMoreCellsThanTheColumnLimit_RefusesNamingTheLimit()
    {
        using var workbook = XlsxBuilder.Build(w =>
        {
            w.Write(Header);
            w.Write("<row r=\"2\">");
            for (var i = 0; i < 200_000; i++)
            {
                w.Write("<c><v>1</v></c>");
            }

            w.Write("</row>");
        });

        var before = GC.GetAllocatedBytesForCurrentThread();
        using var reader = TabularFile.Open(workbook, "clients.xlsx");
        var ex = Assert.Throws<FileRejectedException>(() => reader.TryReadRow(out _));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("row 2 has more than 1,024 columns", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 16L * 1024 * 1024, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void TryReadRow_CellFarBeyondTheColumnLimit_RefusesInsteadOfPadding()
    {
        using var workbook = XlsxBuilder.Build(w => w.Write(Header + """<row r="2"><c r="XFD2"><v>1</v></c></row>"""));
        using var reader = TabularFile.Open(workbook, "clients.xlsx");
        var ex = Assert.Throws<FileRejectedException>(() => reader.TryReadRow(out _));
        Assert.Contains("1,024 columns", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadRow_MoreRowsThanExcelAllows_RefusesNamingTheLimit()
    {
        using var workbook = XlsxBuilder.Build(w =>
        {
            w.Write(Header);
            for (var i = 2; i <= ReadingLimits.MaxXlsxRows + 1; i++)
            {
                w.Write("<row/>");
            }
        });
        using var reader = TabularFile.Open(workbook, "clients.xlsx");
        var ex = Assert.Throws<FileRejectedException>(() => reader.TryReadRow(out _));
        Assert.Contains("1,048,576 rows", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadRow_SharedStringIndexOutOfRange_QuarantinesTheRowInsteadOfDroppingIt()
    {
        using var workbook = XlsxBuilder.Build(
            w => w.Write(Header + """<row r="2"><c r="A2" t="s"><v>7</v></c><c r="B2" t="s"><v>0</v></c></row>""" + XlsxBuilder.Row(3, "C2", "Klein")),
            w => w.Write("<si><t>Muller</t></si>"));
        using var reader = TabularFile.Open(workbook, "clients.xlsx");

        Assert.True(reader.TryReadRow(out var row));
        Assert.Equal(2, row.LineNumber);
        Assert.NotNull(row.Defect);
        Assert.Equal("Code client", row.Defect.Column);
        Assert.Contains("shared string #7 but the workbook has 1", row.Defect.Reason, StringComparison.Ordinal);
        Assert.Equal("Muller", row[1]);
        Assert.True(reader.TryReadRow(out var next));
        Assert.Equal(3, next.LineNumber);
    }

    [Fact]
    public void TryReadRow_RichTextAndPhoneticRuns_ReadsTheTextWithoutThePhonetics()
    {
        using var workbook = XlsxBuilder.Build(
            w => w.Write(Header + """<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row>"""),
            w => w.Write("""<si><r><t>C</t></r><r><t xml:space="preserve">1 </t></r></si><si><t>山田</t><rPh sb="0" eb="2"><t>ヤマダ</t></rPh></si>"""));
        using var reader = TabularFile.Open(workbook, "clients.xlsx");
        Assert.True(reader.TryReadRow(out var row));
        Assert.Equal("C1", row[0]);
        Assert.Equal("山田", row[1]);
    }
}
