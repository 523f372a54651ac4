using System.Text;
using CrmReco.Api.Common;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CrmReco.Integration.Tests.Api;

/// <summary>CSV/XLSX downloads never carry a live formula (CSV injection).</summary>
public sealed class ExportTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+33 6 12", "'+33 6 12")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("Riesling = bon", "Riesling = bon")]
    [InlineData("", "")]
    public void Escape_FormulaLeaders_ArePrefixed(string value, string expected) =>
        Assert.Equal(expected, SpreadsheetExport.Escape(value));

    [Fact]
    public void Csv_SemicolonsQuotesAndFormulas_AreQuotedAndEscaped()
    {
        var bytes = SpreadsheetExport.Csv(["a", "b"], [["=1+1", "x;y \"z\""]]);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Equal("\uFEFFa;b\r\n'=1+1;\"x;y \"\"z\"\"\"\r\n", text);
    }

    [Fact]
    public void Xlsx_Cells_AreInlineTextWithFormulasEscaped()
    {
        var bytes = SpreadsheetExport.Xlsx("Feuille", ["nom"], [["=cmd|' /C calc'!A0"], ["Dupont"]]);
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var cells = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Cell>().ToList();
        Assert.Equal(["nom", "'=cmd|' /C calc'!A0", "Dupont"], cells.Select(c => c.InlineString!.Text!.Text));
        Assert.All(cells, c => Assert.Null(c.CellFormula));
    }
}
