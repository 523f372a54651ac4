using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CrmReco.Core.Generation;

/// <summary>A small XLSX customers export (new customers and one corrected email), as an estate sends by hand.</summary>
internal static class NewCustomersWorkbook
{
    /// <summary>Writes the workbook; returns how many customers in it are new.</summary>
    public static int Write(string path, People people, int existingCustomers)
    {
        var rows = new List<string[]> { EstateGenerator.CustomersHeader.Split(';') };
        const int newOnes = 3;
        for (var i = 1; i <= newOnes; i++)
        {
            var person = people.Next(existingCustomers + i, false);
            rows.Add([person.Code, person.LastName, person.FirstName, person.Email, person.Phone, person.Address, person.PostalCode, person.City, person.Country]);
        }

        var update = people.Next(1, false) with { Code = "C00001", Email = "nouvelle.adresse@example.fr" };
        rows.Add([update.Code, update.LastName, update.FirstName, update.Email, update.Phone, update.Address, update.PostalCode, update.City, update.Country]);
        WriteSheet(path, "Clients", rows);
        return newOnes;
    }

    /// <summary>A one-sheet workbook of inline strings.</summary>
    public static void WriteSheet(string path, string sheetName, IEnumerable<string[]> rows)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var worksheet = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        uint r = 1;
        foreach (var values in rows)
        {
            var row = new Row { RowIndex = r };
            for (var c = 0; c < values.Length; c++)
            {
                row.Append(new Cell
                {
                    CellReference = $"{(char)('A' + c)}{r}",
                    DataType = CellValues.InlineString,
                    InlineString = new InlineString(new Text(values[c])),
                });
            }

            data.Append(row);
            r++;
        }

        worksheet.Worksheet = new Worksheet(data);
        workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(worksheet), SheetId = 1, Name = sheetName }));
        workbook.Workbook.Save();
    }
}
