using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CrmReco.Core.Import.Reading;

/// <summary>
/// The first worksheet of an XLSX workbook, read with the OpenXML SAX reader (rows stream; only the shared
/// strings table is loaded). Sparse cells become nulls at their column; numbers are invariant text; cells with a
/// date format become yyyy-MM-dd so they cannot be misread. The header is the first non-empty row.
/// </summary>
internal sealed class XlsxTableReader : ITabularReader
{
    private readonly SpreadsheetDocument _document;
    private readonly OpenXmlReader _reader;
    private readonly string[] _sharedStrings;
    private readonly HashSet<uint> _dateStyles;

    private XlsxTableReader(SpreadsheetDocument document, string fileName)
    {
        _document = document;
        var workbook = document.WorkbookPart ?? throw new FileRejectedException($"{fileName} is not a readable XLSX workbook: no workbook part.");
        var sheet = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault()
            ?? throw new FileRejectedException($"{fileName} has no worksheet.");
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
        _sharedStrings = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>()
            .Select(item => item.InnerText).ToArray() ?? [];
        _dateStyles = DateStyles(workbook.WorkbookStylesPart?.Stylesheet);
        _reader = OpenXmlReader.Create(part);
        Format = $"XLSX, sheet '{sheet.Name?.Value}'";
        while (TryReadRow(out var header))
        {
            Headers = header.Fields.Select(h => h ?? string.Empty).ToList();
            while (Headers.Count > 1 && Headers[^1].Length == 0)
            {
                ((List<string>)Headers).RemoveAt(Headers.Count - 1);
            }

            return;
        }

        throw new FileRejectedException($"{fileName} is empty: its first sheet has no rows.");
    }

    public IReadOnlyList<string> Headers { get; } = [];

    public string Format { get; }

    public static XlsxTableReader Open(Stream stream, string fileName)
    {
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(stream, false);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or IOException or FileFormatException)
        {
            throw new FileRejectedException($"{fileName} is not a readable XLSX workbook: {ex.Message}", ex);
        }

        try
        {
            return new XlsxTableReader(document, fileName);
        }
        catch (Exception ex) when (ex is not FileRejectedException and (OpenXmlPackageException or InvalidDataException or IOException or InvalidOperationException or System.Xml.XmlException))
        {
            document.Dispose();
            throw new FileRejectedException($"{fileName} is not a readable XLSX workbook: {ex.Message}", ex);
        }
    }

    public bool TryReadRow(out RawRow row)
    {
        try
        {
            while (_reader.Read())
            {
                if (_reader.ElementType != typeof(Row) || !_reader.IsStartElement)
                {
                    continue;
                }

                var rowNumber = _reader.Attributes.FirstOrDefault(a => a.LocalName == "r").Value is { } r
                    ? int.Parse(r, CultureInfo.InvariantCulture)
                    : 0;
                var fields = ReadCells();
                if (fields.Count > 0 && fields.Any(f => !string.IsNullOrEmpty(f)))
                {
                    row = new RawRow(rowNumber, [.. fields]);
                    return true;
                }
            }
        }
        catch (System.Xml.XmlException ex)
        {
            throw new FileRejectedException($"the XLSX sheet is corrupt: {ex.Message}", ex);
        }

        row = default;
        return false;
    }

    private List<string?> ReadCells()
    {
        var fields = new List<string?>();
        var cells = (Row)_reader.LoadCurrentElement()!;
        foreach (var cell in cells.Elements<Cell>())
        {
            var index = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : fields.Count;
            while (fields.Count < index)
            {
                fields.Add(null);
            }

            var value = CellText(cell);
            fields.Add(string.IsNullOrWhiteSpace(value) ? null : value.Trim());
        }

        return fields;
    }

    private string? CellText(Cell cell)
    {
        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < _sharedStrings.Length ? _sharedStrings[i] : null;
        }

        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText;
        }

        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "true" : "false";
        }

        if (type != CellValues.String && type != CellValues.Error && raw is not null
            && cell.StyleIndex?.Value is { } style && _dateStyles.Contains(style)
            && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 0 and < 2958466)
        {
            return DateOnly.FromDateTime(DateTime.FromOADate(serial)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return raw;
    }

    /// <summary>"C12" → 2, "AA3" → 26.</summary>
    internal static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var ch in reference)
        {
            if (!char.IsAsciiLetter(ch))
            {
                break;
            }

            index = (index * 26) + (char.ToUpperInvariant(ch) - 'A' + 1);
        }

        return index - 1;
    }

    private static HashSet<uint> DateStyles(Stylesheet? stylesheet)
    {
        var result = new HashSet<uint>();
        if (stylesheet?.CellFormats is null)
        {
            return result;
        }

        var custom = stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null)
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode?.Value ?? string.Empty) ?? [];
        uint i = 0;
        foreach (var format in stylesheet.CellFormats.Elements<CellFormat>())
        {
            var id = format.NumberFormatId?.Value ?? 0;
            var isDate = id is (>= 14 and <= 22) or (>= 45 and <= 47)
                || (custom.TryGetValue(id, out var code) && IsDateFormat(code));
            if (isDate)
            {
                result.Add(i);
            }

            i++;
        }

        return result;
    }

    private static bool IsDateFormat(string code)
    {
        var bare = new string(code.Where(c => c != '\\' && c != '"').ToArray()).ToLowerInvariant();
        return (bare.Contains('d', StringComparison.Ordinal) || bare.Contains('y', StringComparison.Ordinal)) && !bare.Contains('0', StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _document.Dispose();
    }
}
