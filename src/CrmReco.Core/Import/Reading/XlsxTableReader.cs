using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CrmReco.Core.Import.Reading;

/// <summary>
/// The first worksheet of an XLSX workbook. The package structure (workbook, styles) comes from the OpenXML SDK with
/// a bound on the parts it loads; the shared strings and the sheet are read with an <see cref="XmlReader"/> over the
/// zip entry, text in chunks, under <see cref="ReadingLimits"/>: a workbook over a limit is refused naming it, a cell
/// over the cell limit or pointing at a missing shared string quarantines its row. Sparse cells become nulls at their
/// column; numbers are invariant text; cells with a date format become yyyy-MM-dd so they cannot be misread. The
/// header is the first non-empty row.
/// </summary>
internal sealed class XlsxTableReader : ITabularReader
{
    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    private readonly string _fileName;
    private readonly SpreadsheetDocument _document;
    private readonly XmlReader _sheet;
    private readonly SharedStrings _sharedStrings;
    private readonly HashSet<uint> _dateStyles;
    private readonly char[] _chunk = new char[4096];
    private readonly StringBuilder _text = new();
    private readonly List<string?> _fields = [];
    private int _rows;
    private int _lastRowNumber;

    private XlsxTableReader(SpreadsheetDocument document, string fileName)
    {
        _fileName = fileName;
        _document = document;
        var workbook = document.WorkbookPart ?? throw new FileRejectedException($"{fileName} is not a readable XLSX workbook: no workbook part.");
        var sheet = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault()
            ?? throw new FileRejectedException($"{fileName} has no worksheet.");
        var part = sheet.Id?.Value is { } id && workbook.TryGetPartById(id, out var found) && found is WorksheetPart worksheet
            ? worksheet
            : throw new FileRejectedException($"{fileName} is not a readable XLSX workbook: its first sheet '{sheet.Name?.Value}' has no worksheet part.");
        _sharedStrings = workbook.SharedStringTablePart is { } shared ? SharedStrings.Read(shared, fileName) : SharedStrings.Empty;
        _dateStyles = DateStyles(workbook.WorkbookStylesPart?.Stylesheet);
        _sheet = XmlReader.Create(
            new LimitedReadStream(part.GetStream(FileMode.Open, FileAccess.Read), ReadingLimits.MaxXlsxPartBytes, () =>
                $"{fileName}: its first sheet is larger than {ReadingLimits.Format(ReadingLimits.MaxXlsxPartBytes / 1024 / 1024)} MiB uncompressed, the limit of an import; split the export."),
            XmlSettings);
        Format = $"XLSX, sheet '{sheet.Name?.Value}'";
        while (TryReadRow(out var header))
        {
            if (header.Defect is { } defect)
            {
                throw new FileRejectedException($"{fileName}: the header row (row {header.LineNumber}) cannot be read: {defect.Reason}.");
            }

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
        CheckZip(stream, fileName);
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = ReadingLimits.MaxXlsxDomPartChars });
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or IOException or FileFormatException or XmlException)
        {
            throw new FileRejectedException($"{fileName} is not a readable XLSX workbook: {ex.Message}", ex);
        }

        try
        {
            return new XlsxTableReader(document, fileName);
        }
        catch (Exception ex) when (ex is not FileRejectedException and (OpenXmlPackageException or InvalidDataException or IOException or InvalidOperationException or XmlException or InvalidCastException or ArgumentException or KeyNotFoundException))
        {
            document.Dispose();
            throw new FileRejectedException($"{fileName} is not a readable XLSX workbook: {ex.Message}", ex);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>Refuses a package whose zip directory already declares too many entries or an entry too large,
    /// before anything is decompressed. (A lying declaration is caught while reading, by <see cref="LimitedReadStream"/>.)</summary>
    private static void CheckZip(Stream stream, string fileName)
    {
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > ReadingLimits.MaxXlsxEntries)
            {
                throw new FileRejectedException($"{fileName}: this XLSX package holds {ReadingLimits.Format(zip.Entries.Count)} parts, over the limit of {ReadingLimits.Format(ReadingLimits.MaxXlsxEntries)}.");
            }

            foreach (var entry in zip.Entries)
            {
                if (entry.Length > ReadingLimits.MaxXlsxPartBytes)
                {
                    throw new FileRejectedException(
                        $"{fileName}: the part '{entry.FullName}' is {ReadingLimits.Format(entry.Length / 1024 / 1024)} MiB uncompressed, over the limit of {ReadingLimits.Format(ReadingLimits.MaxXlsxPartBytes / 1024 / 1024)} MiB per part.");
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new FileRejectedException($"{fileName} is not a readable XLSX workbook: {ex.Message}", ex);
        }
        finally
        {
            stream.Position = 0;
        }
    }

    public bool TryReadRow(out RawRow row)
    {
        try
        {
            while (_sheet.Read())
            {
                if (_sheet.NodeType != XmlNodeType.Element || _sheet.LocalName != "row")
                {
                    continue;
                }

                if (++_rows > ReadingLimits.MaxXlsxRows)
                {
                    throw new FileRejectedException($"{_fileName}: the sheet has more than {ReadingLimits.Format(ReadingLimits.MaxXlsxRows)} rows, the limit of an XLSX import; export as CSV.");
                }

                var rowNumber = int.TryParse(_sheet.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : _lastRowNumber + 1;
                _lastRowNumber = rowNumber;
                var defect = ReadCells(rowNumber);
                if (defect is not null || _fields.Any(f => !string.IsNullOrEmpty(f)))
                {
                    row = new RawRow(rowNumber, [.. _fields]) { Defect = defect };
                    return true;
                }
            }
        }
        catch (XmlException ex)
        {
            throw new FileRejectedException($"{_fileName}: the XLSX sheet is corrupt: {ex.Message}", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new FileRejectedException($"{_fileName}: the XLSX sheet is corrupt: {ex.Message}", ex);
        }

        row = default;
        return false;
    }

    /// <summary>Reads the cells of the row the reader is on into <see cref="_fields"/>; returns the first defect.</summary>
    private RowDefect? ReadCells(int rowNumber)
    {
        _fields.Clear();
        RowDefect? defect = null;
        if (_sheet.IsEmptyElement)
        {
            return null;
        }

        var depth = _sheet.Depth;
        var cells = 0;
        while (_sheet.Read() && _sheet.Depth > depth)
        {
            if (_sheet.NodeType != XmlNodeType.Element || _sheet.LocalName != "c")
            {
                continue;
            }

            var reference = _sheet.GetAttribute("r");
            var index = reference is not null ? ColumnIndex(reference) : _fields.Count;
            if (++cells > ReadingLimits.MaxColumns || index >= ReadingLimits.MaxColumns)
            {
                throw new FileRejectedException(
                    $"{_fileName}: row {rowNumber} has more than {ReadingLimits.Format(ReadingLimits.MaxColumns)} columns, the limit of an import.");
            }

            var (value, problem) = ReadCell(reference ?? $"#{index + 1}");
            if (problem is not null && defect is null)
            {
                defect = new RowDefect(ColumnName(index), null, problem);
            }

            if (index < 0)
            {
                index = _fields.Count;
            }

            while (_fields.Count <= index)
            {
                _fields.Add(null);
            }

            _fields[index] = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        return defect;
    }

    private string ColumnName(int index) =>
        index >= 0 && index < Headers.Count && Headers[index].Length > 0 ? Headers[index] : $"column {index + 1}";

    /// <summary>The text of the cell the reader is on, or the reason it cannot be trusted.</summary>
    private (string? Value, string? Problem) ReadCell(string reference)
    {
        var type = _sheet.GetAttribute("t");
        var style = uint.TryParse(_sheet.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : (uint?)null;
        if (_sheet.IsEmptyElement)
        {
            return (null, null);
        }

        string? raw = null;
        string? inline = null;
        string? problem = null;
        var depth = _sheet.Depth;
        while (_sheet.Read() && _sheet.Depth > depth)
        {
            if (_sheet.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (_sheet.LocalName == "v" && _sheet.Depth == depth + 1)
            {
                raw = ReadText(_sheet, _text, _chunk, out var tooLong);
                problem ??= tooLong ? TooLong(reference) : null;
            }
            else if (_sheet.LocalName == "is")
            {
                inline = ReadRichText(_sheet, _text, _chunk, out var tooLong);
                problem ??= tooLong ? TooLong(reference) : null;
            }
        }

        if (problem is not null)
        {
            return (null, problem);
        }

        switch (type)
        {
            case "s":
                if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i >= _sharedStrings.Count)
                {
                    return (null, $"cell {reference} refers to shared string #{raw} but the workbook has {ReadingLimits.Format(_sharedStrings.Count)}");
                }

                return _sharedStrings.TooLong(i) ? (null, TooLong(reference)) : (_sharedStrings[i], null);
            case "inlineStr":
                return (inline, null);
            case "b":
                return (raw == "1" ? "true" : "false", null);
            case "str" or "e" or "d":
                return (raw, null);
        }

        if (raw is not null && style is { } st && _dateStyles.Contains(st)
            && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 0 and < 2958466)
        {
            return (DateOnly.FromDateTime(DateTime.FromOADate(serial)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null);
        }

        return (raw, null);
    }

    private static string TooLong(string reference) =>
        $"cell {reference} is longer than {ReadingLimits.Format(ReadingLimits.MaxCellChars)} characters (Excel's own cell limit)";

    /// <summary>The text content of the element the reader is on, read in chunks and kept up to
    /// <see cref="ReadingLimits.MaxCellChars"/>; the reader ends on the element's end tag.</summary>
    private static string ReadText(XmlReader reader, StringBuilder text, char[] chunk, out bool tooLong)
    {
        text.Clear();
        tooLong = false;
        AppendText(reader, text, chunk, ref tooLong);
        return text.ToString();
    }

    /// <summary>The text of a rich-text element (an &lt;si&gt; or &lt;is&gt;): its &lt;t&gt; runs, phonetic
    /// readings (&lt;rPh&gt;) left out.</summary>
    private static string ReadRichText(XmlReader reader, StringBuilder text, char[] chunk, out bool tooLong)
    {
        text.Clear();
        tooLong = false;
        if (reader.IsEmptyElement)
        {
            return string.Empty;
        }

        var depth = reader.Depth;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.LocalName == "rPh" || reader.LocalName == "phoneticPr")
            {
                reader.Skip();
                if (reader.Depth <= depth)
                {
                    break;
                }

                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "t")
                {
                    AppendText(reader, text, chunk, ref tooLong);
                }
            }
            else if (reader.LocalName == "t")
            {
                AppendText(reader, text, chunk, ref tooLong);
            }
        }

        return text.ToString();
    }

    private static void AppendText(XmlReader reader, StringBuilder text, char[] chunk, ref bool tooLong)
    {
        if (reader.IsEmptyElement)
        {
            return;
        }

        var depth = reader.Depth;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
            {
                int n;
                while ((n = reader.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
                {
                    if (text.Length + n > ReadingLimits.MaxCellChars)
                    {
                        tooLong = true;
                    }
                    else
                    {
                        text.Append(chunk, 0, n);
                    }
                }
            }
        }
    }

    /// <summary>"C12" → 2, "AA3" → 26; -1 when the reference has no letters. Stops counting past the column limit.</summary>
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
            if (index > ReadingLimits.MaxColumns)
            {
                return ReadingLimits.MaxColumns;
            }
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

        var custom = new Dictionary<uint, string>();
        foreach (var f in stylesheet.NumberingFormats?.Elements<NumberingFormat>() ?? [])
        {
            if (f.NumberFormatId?.Value is { } id)
            {
                custom[id] = f.FormatCode?.Value ?? string.Empty;
            }
        }

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
        _sheet.Dispose();
        _document.Dispose();
    }

    /// <summary>The shared strings table, read once under the count and size limits. A string over the cell limit is
    /// kept as a mark, so only the rows using it are quarantined.</summary>
    private sealed class SharedStrings
    {
        public static readonly SharedStrings Empty = new([], []);
        private readonly List<string> _strings;
        private readonly HashSet<int> _tooLong;

        private SharedStrings(List<string> strings, HashSet<int> tooLong)
        {
            _strings = strings;
            _tooLong = tooLong;
        }

        public int Count => _strings.Count;

        public string this[int index] => _strings[index];

        public bool TooLong(int index) => _tooLong.Contains(index);

        public static SharedStrings Read(SharedStringTablePart part, string fileName)
        {
            var strings = new List<string>();
            var tooLong = new HashSet<int>();
            var text = new StringBuilder();
            var chunk = new char[4096];
            long chars = 0;
            var stream = new LimitedReadStream(part.GetStream(FileMode.Open, FileAccess.Read), ReadingLimits.MaxSharedStringsBytes, () =>
                $"{fileName}: its shared strings are larger than {ReadingLimits.Format(ReadingLimits.MaxSharedStringsBytes / 1024 / 1024)} MiB uncompressed, the limit of an import.");
            using var reader = XmlReader.Create(stream, XmlSettings);
            try
            {
                while (reader.Read())
                {
                    if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "si")
                    {
                        continue;
                    }

                    if (strings.Count >= ReadingLimits.MaxSharedStrings)
                    {
                        throw new FileRejectedException(
                            $"{fileName}: the workbook has more than {ReadingLimits.Format(ReadingLimits.MaxSharedStrings)} shared strings, the limit of an import.");
                    }

                    var value = ReadRichText(reader, text, chunk, out var over);
                    if (over)
                    {
                        tooLong.Add(strings.Count);
                        value = string.Empty;
                    }

                    chars += value.Length;
                    if (chars > ReadingLimits.MaxSharedStringChars)
                    {
                        throw new FileRejectedException(
                            $"{fileName}: the workbook's shared strings hold more than {ReadingLimits.Format(ReadingLimits.MaxSharedStringChars)} characters, the limit of an import.");
                    }

                    strings.Add(value.Length == 0 ? string.Empty : value);
                }
            }
            catch (XmlException ex)
            {
                throw new FileRejectedException($"{fileName}: the XLSX shared strings are corrupt: {ex.Message}", ex);
            }

            return new SharedStrings(strings, tooLong);
        }
    }
}
