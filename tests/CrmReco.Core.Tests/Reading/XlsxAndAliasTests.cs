using CrmReco.Core.Import;
using CrmReco.Core.Import.Reading;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Columns = CrmReco.Core.Import.Columns;

namespace CrmReco.Core.Tests.Reading;

public sealed class XlsxAndAliasTests
{
    /// <summary>A workbook with two sheets; the first has shared and inline strings, numbers, a date-formatted
    /// cell and a gap.</summary>
    private static MemoryStream Workbook()
    {
        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var shared = workbook.AddNewPart<SharedStringTablePart>();
            shared.SharedStringTable = new SharedStringTable(new SharedStringItem(new Text("Code client")), new SharedStringItem(new Text("Crémant")));
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(new CellFormats(new CellFormat { NumberFormatId = 0 }, new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
            var first = workbook.AddNewPart<WorksheetPart>();
            first.Worksheet = new Worksheet(new SheetData(
                new Row(
                    new Cell { CellReference = "A1", DataType = CellValues.SharedString, CellValue = new CellValue("0") },
                    new Cell { CellReference = "B1", DataType = CellValues.InlineString, InlineString = new InlineString(new Text("Désignation")) },
                    new Cell { CellReference = "C1", DataType = CellValues.InlineString, InlineString = new InlineString(new Text("Date")) },
                    new Cell { CellReference = "D1", DataType = CellValues.InlineString, InlineString = new InlineString(new Text("Qté")) })
                { RowIndex = 1 },
                new Row(
                    new Cell { CellReference = "A3", DataType = CellValues.InlineString, InlineString = new InlineString(new Text("C001")) },
                    new Cell { CellReference = "B3", DataType = CellValues.SharedString, CellValue = new CellValue("1") },
                    new Cell { CellReference = "C3", StyleIndex = 1, CellValue = new CellValue("45292") })
                { RowIndex = 3 },
                new Row(
                    new Cell { CellReference = "A4", DataType = CellValues.InlineString, InlineString = new InlineString(new Text("C002")) },
                    new Cell { CellReference = "D4", CellValue = new CellValue("12.5") })
                { RowIndex = 4 }));
            var second = workbook.AddNewPart<WorksheetPart>();
            second.Worksheet = new Worksheet(new SheetData(new Row(new Cell { CellReference = "A1", DataType = CellValues.InlineString, InlineString = new InlineString(new Text("other")) })));
            workbook.Workbook.AppendChild(new Sheets(
                new Sheet { Id = workbook.GetIdOfPart(first), SheetId = 1, Name = "Ventes" },
                new Sheet { Id = workbook.GetIdOfPart(second), SheetId = 2, Name = "Autre" }));
        }

        stream.Position = 0;
        return stream;
    }

    [Fact]
    public void Open_Xlsx_ReadsTheFirstSheetWithStringsNumbersDatesAndGaps()
    {
        using var reader = TabularFile.Open(Workbook(), "ventes.xlsx");
        Assert.Equal(["Code client", "Désignation", "Date", "Qté"], reader.Headers);
        Assert.Contains("Ventes", reader.Format, StringComparison.Ordinal);
        Assert.True(reader.TryReadRow(out var first));
        Assert.Equal(3, first.LineNumber);
        Assert.Equal("C001", first[0]);
        Assert.Equal("Crémant", first[1]);
        Assert.Equal("2024-01-01", first[2]);
        Assert.True(reader.TryReadRow(out var second));
        Assert.Null(second[1]);
        Assert.Null(second[2]);
        Assert.Equal("12.5", second[3]);
        Assert.False(reader.TryReadRow(out _));
    }

    [Theory]
    [InlineData("N° pièce")]
    [InlineData("NÂ° piÃ¨ce")]
    [InlineData("numero_piece")]
    [InlineData("N°Piece")]
    [InlineData("document_no")]
    [InlineData("  NUMÉRO PIÈCE ")]
    public void CanonicalOf_DocumentNumberSpellings_AllMeanDocumentNo(string header) =>
        Assert.Equal(Columns.Sales.DocumentNo, HeaderAliases.Default.CanonicalOf(ExportKind.Sales, header));

    [Fact]
    public void CanonicalOf_EveryAliasOfTheTable_ResolvesToItsColumn()
    {
        foreach (var kind in Enum.GetValues<ExportKind>())
        {
            foreach (var (canonical, aliases) in HeaderAliases.Default.For(kind))
            {
                Assert.Equal(canonical, HeaderAliases.Default.CanonicalOf(kind, canonical));
                Assert.All(aliases, alias => Assert.Equal(canonical, HeaderAliases.Default.CanonicalOf(kind, alias)));
            }
        }
    }

    [Fact]
    public void Resolve_MissingRequiredColumn_RejectsNamingItAndTheHeadersFound()
    {
        var ex = Assert.Throws<FileRejectedException>(() => HeaderAliases.Default.Resolve(ExportKind.Sales, ["Code client", "Date", "Qté", "Foo"], "v.csv"));
        Assert.Contains("document_no", ex.Message, StringComparison.Ordinal);
        Assert.Contains("n° pièce", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'Foo'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_DuplicateMeaning_RefusesNamingBothColumns()
    {
        // Issue 18: the first used to win without a word.
        var ex = Assert.Throws<FileRejectedException>(() => HeaderAliases.Default.Resolve(ExportKind.Customers, ["Code client", "CP", "Code postal"], "c.csv"));
        Assert.Contains("'CP' (column 2) and 'Code postal' (column 3) both mean 'code_postal'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SameHeaderTwice_RefusesNamingIt()
    {
        var ex = Assert.Throws<FileRejectedException>(() => HeaderAliases.Default.Resolve(ExportKind.Customers, ["Code client", "Nom", "Nom"], "c.csv"));
        Assert.Contains("'Nom' (column 2) and 'Nom' (column 3)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_JsonAliases_AddsThemAndRejectsUnknownKinds()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """{ "sales": { "document_no": ["Num facture"] } }""");
        Assert.Equal(Columns.Sales.DocumentNo, HeaderAliases.Load(path).CanonicalOf(ExportKind.Sales, "NUM FACTURE"));
        File.WriteAllText(path, """{ "wines": { "x": ["y"] } }""");
        Assert.Throws<InvalidDataException>(() => HeaderAliases.Load(path));
        File.WriteAllText(path, """{ "sales": { "nope": ["y"] } }""");
        Assert.Throws<InvalidDataException>(() => HeaderAliases.Load(path));
    }

    [Theory]
    [InlineData("/x/exports/ventes_lignes/2024.csv", ExportKind.Sales)]
    [InlineData("/x/ventes_2024.csv", ExportKind.Sales)]
    [InlineData("/x/exports/clients_2024.xlsx", ExportKind.Customers)]
    [InlineData("/x/produits/catalogue.csv", ExportKind.Products)]
    [InlineData("/x/exports/isavigne/customers/a.csv", ExportKind.Customers)]
    public void FromPath_FolderOrName_GivesTheKind(string path, ExportKind kind) => Assert.Equal(kind, ExportKindDetector.FromPath(path));

    [Fact]
    public void FromPath_NothingSaid_IsNull() => Assert.Null(ExportKindDetector.FromPath("/srv/clients/acme/exports/x/2024.csv"));

    [Theory]
    [InlineData(new[] { "Code client", "Date", "Qté", "N° pièce" }, ExportKind.Sales)]
    [InlineData(new[] { "Code client", "Nom", "E-mail" }, ExportKind.Customers)]
    [InlineData(new[] { "Désignation", "Code article", "Prix TTC" }, ExportKind.Products)]
    public void FromHeaders_RequiredColumns_GiveTheKind(string[] headers, ExportKind kind) =>
        Assert.Equal(kind, ExportKindDetector.FromHeaders(headers, HeaderAliases.Default));

    [Fact]
    public void FromHeaders_Unrelated_IsNull() => Assert.Null(ExportKindDetector.FromHeaders(["foo", "bar"], HeaderAliases.Default));
}
