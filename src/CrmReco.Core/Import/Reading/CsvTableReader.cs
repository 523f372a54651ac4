using System.Buffers;
using System.Text;
using CrmReco.Core.Normalization;

namespace CrmReco.Core.Import.Reading;

/// <summary>
/// A streaming RFC 4180 reader: quoted fields with separators, doubled quotes and newlines; CRLF, LF or CR;
/// an Excel "sep=;" first line; fields trimmed outside quotes; blank rows skipped. Encoding and separator are
/// sniffed from the first 64 KB. Memory is flat in file size.
/// </summary>
internal sealed class CsvTableReader : ITabularReader
{
    private const int SniffBytes = 64 * 1024;
    private static readonly UTF8Encoding Utf8Strict = new(false, true);
    private static readonly char[] Candidates = [';', '\t', ',', '|'];
    private readonly TextReader _reader;
    private readonly char[] _buffer = new char[4096]; // read in blocks, not one virtual call per character
    private int _position;
    private int _length;
    private readonly char _separator;
    private readonly SearchValues<char> _specials; // the characters that end a run of plain field text
    private readonly StringBuilder _field = new();
    private readonly List<string?> _fields = [];
    private readonly string _fileName;
    private int _line = 1; // the physical line the reader is on
    private RowDefect? _defect; // of the record being read
    private int _fieldCount; // fields seen in the record being read, kept or not
    private bool _fieldTooLong;

    private CsvTableReader(TextReader reader, char separator, string encodingName, string fileName)
    {
        _reader = reader;
        _separator = separator;
        _specials = SearchValues.Create([separator, '"', '\r', '\n']);
        _fileName = fileName;
        if (!TryReadRecord(out var header, out var startLine))
        {
            throw new FileRejectedException($"{fileName} is empty.");
        }

        // "sep=;" is Excel's hint line, then the real header.
        if (header.Length is 1 or 2 && header[0] is { } hint && hint.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && header[^1] is null or "sep=")
        {
            if (!TryReadRecord(out header, out startLine))
            {
                throw new FileRejectedException($"{fileName} is empty.");
            }
        }

        if (_defect is { } defect)
        {
            throw new FileRejectedException($"{fileName}: the header line cannot be read: {defect.Reason}.");
        }

        HeaderLine = startLine;
        var headers = header.Select(h => h ?? string.Empty).ToList();
        while (headers.Count > 1 && headers[^1].Length == 0)
        {
            headers.RemoveAt(headers.Count - 1); // a trailing separator on every line
        }

        Headers = headers;
        Format = $"CSV, {encodingName}, '{(separator == '\t' ? "\\t" : separator.ToString())}'";
    }

    public IReadOnlyList<string> Headers { get; }

    public string Format { get; }

    public int HeaderLine { get; }

    public static CsvTableReader Open(Stream stream, string fileName)
    {
        var prefix = new byte[SniffBytes];
        var length = stream.ReadAtLeast(prefix, SniffBytes, throwOnEndOfStream: false);
        if (prefix.AsSpan(0, length).Trim((byte)' ').Trim("\r\n\t"u8).IsEmpty)
        {
            throw new FileRejectedException($"{fileName} is empty.");
        }

        var (encoding, name, bomLength) = DetectEncoding(prefix.AsSpan(0, length), length < SniffBytes, fileName);
        if (encoding is not UnicodeEncoding and not UTF32Encoding && prefix.AsSpan(0, Math.Min(length, 8192)).Contains((byte)0))
        {
            throw new FileRejectedException($"{fileName} is a binary file, not a CSV or XLSX table.");
        }

        // The prefix may end inside a character: decode it leniently for sniffing only.
        var lenient = (Encoding)encoding.Clone();
        lenient.DecoderFallback = DecoderFallback.ReplacementFallback;
        var text = lenient.GetString(prefix, bomLength, length - bomLength);
        // Excel's "sep=;" hint line names the separator outright.
        var separator = text.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && text.Length > 4 && text[4] is not '\r' and not '\n'
            ? text[4]
            : SniffSeparator(text);
        stream.Position = bomLength;
        var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        try
        {
            return new CsvTableReader(reader, separator, name, fileName);
        }
        catch (DecoderFallbackException ex)
        {
            throw new FileRejectedException($"{fileName}: its header line holds bytes that are not valid {name}; save it as UTF-8 and import it again.", ex);
        }
    }

    private static (Encoding Encoding, string Name, int BomLength) DetectEncoding(ReadOnlySpan<byte> prefix, bool complete, string fileName)
    {
        if (prefix.StartsWith([(byte)0xEF, (byte)0xBB, (byte)0xBF]))
        {
            return (Utf8Strict, "UTF-8 with BOM", 3);
        }

        // UTF-32 LE's BOM starts like UTF-16 LE's: test it first.
        if (prefix.StartsWith([(byte)0xFF, (byte)0xFE, (byte)0x00, (byte)0x00]))
        {
            return (new UTF32Encoding(false, false, true), "UTF-32 LE", 4);
        }

        if (prefix.StartsWith([(byte)0x00, (byte)0x00, (byte)0xFE, (byte)0xFF]))
        {
            return (new UTF32Encoding(true, false, true), "UTF-32 BE", 4);
        }

        if (prefix.StartsWith([(byte)0xFF, (byte)0xFE]))
        {
            return (new UnicodeEncoding(false, false, true), "UTF-16 LE", 2);
        }

        if (prefix.StartsWith([(byte)0xFE, (byte)0xFF]))
        {
            return (new UnicodeEncoding(true, false, true), "UTF-16 BE", 2);
        }

        if (WideWithoutBom(prefix) is { } wide)
        {
            return (wide.Encoding, wide.Name, 0);
        }

        // Cut a possibly truncated multi-byte character at the end of the prefix before validating.
        var check = prefix;
        if (!complete)
        {
            var cut = 0;
            while (cut < 4 && cut < check.Length && (check[^(cut + 1)] & 0xC0) == 0x80)
            {
                cut++;
            }

            if (cut < check.Length && check[^(cut + 1)] >= 0xC0)
            {
                cut++;
            }

            check = check[..^cut];
        }

        if (System.Text.Unicode.Utf8.IsValid(check))
        {
            return (Utf8Strict, "UTF-8", 0);
        }

        if (EncodingDoubt(check) is { } doubt)
        {
            throw new FileRejectedException(
                $"{fileName}: its encoding cannot be read with confidence ({doubt}). Save it as UTF-8 (or windows-1252) and import it again.");
        }

        return (MojibakeRepair.Windows1252, "windows-1252", 0);
    }

    /// <summary>UTF-16 or UTF-32 without a byte order mark, told by where the zero bytes of ASCII text fall.</summary>
    private static (Encoding Encoding, string Name)? WideWithoutBom(ReadOnlySpan<byte> prefix)
    {
        var length = Math.Min(prefix.Length, 4096) & ~3;
        if (length < 8)
        {
            return null;
        }

        Span<int> zeros = stackalloc int[4];
        for (var i = 0; i < length; i++)
        {
            if (prefix[i] == 0)
            {
                zeros[i % 4]++;
            }
        }

        var quarter = length / 4;
        bool Mostly(int count) => count > quarter * 0.9;
        bool Rarely(int count) => count < quarter * 0.1;
        if (Rarely(zeros[0]) && Mostly(zeros[1]) && Mostly(zeros[2]) && Mostly(zeros[3]))
        {
            return (new UTF32Encoding(false, false, true), "UTF-32 LE (no BOM)");
        }

        if (Mostly(zeros[0]) && Mostly(zeros[1]) && Mostly(zeros[2]) && Rarely(zeros[3]))
        {
            return (new UTF32Encoding(true, false, true), "UTF-32 BE (no BOM)");
        }

        if (Rarely(zeros[0]) && Rarely(zeros[2]) && Mostly(zeros[1]) && Mostly(zeros[3]))
        {
            return (new UnicodeEncoding(false, false, true), "UTF-16 LE (no BOM)");
        }

        if (Mostly(zeros[0]) && Mostly(zeros[2]) && Rarely(zeros[1]) && Rarely(zeros[3]))
        {
            return (new UnicodeEncoding(true, false, true), "UTF-16 BE (no BOM)");
        }

        return null;
    }

    /// <summary>Why bytes that are not UTF-8 are not windows-1252 text either, or null when they read as it: bytes
    /// windows-1252 leaves undefined, UTF-8 sequences mixed with invalid bytes, or many of the 0x80–0x9F bytes that
    /// French text never uses (windows-1252 puts rare signs there: ‚ ƒ „ † ‡ ˆ ‰ Š ‹ Ž ˜ š › ž Ÿ) but Shift-JIS,
    /// GBK or Big5 use as lead bytes all the time.</summary>
    internal static string? EncodingDoubt(ReadOnlySpan<byte> bytes)
    {
        var firstInvalid = -1;
        var invalid = 0;
        var utf8Sequences = 0;
        var high = 0;
        var unusual = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b < 0x80)
            {
                continue;
            }

            if (b is 0x81 or 0x8D or 0x8F or 0x90 or 0x9D)
            {
                return $"byte 0x{b:X2} at offset {i} is undefined in windows-1252 and the file is not valid UTF-8; it may be Shift-JIS or another double-byte encoding";
            }

            high++;
            if (b is >= 0x82 and <= 0x84 or >= 0x86 and <= 0x8B or 0x8E or 0x98 or 0x9A or 0x9B or 0x9E or 0x9F)
            {
                unusual++;
            }

            var needed = b switch { >= 0xC2 and <= 0xDF => 1, >= 0xE0 and <= 0xEF => 2, >= 0xF0 and <= 0xF4 => 3, _ => -1 };
            if (needed > 0 && i + needed < bytes.Length && System.Text.Unicode.Utf8.IsValid(bytes.Slice(i, needed + 1)))
            {
                utf8Sequences++;
                i += needed;
            }
            else
            {
                invalid++;
                firstInvalid = firstInvalid < 0 ? i : firstInvalid;
            }
        }

        // A UTF-8 file with a few bad bytes; windows-1252 text only makes a valid UTF-8 pair by accident (É + nbsp).
        if (utf8Sequences > invalid)
        {
            return $"it holds UTF-8 characters but also bytes that are not UTF-8, the first at offset {firstInvalid}";
        }

        return unusual >= 3 && unusual * 20 >= high
            ? "many of its bytes are signs French text does not use in windows-1252 but lead bytes of double-byte encodings such as Shift-JIS"
            : null;
    }

    /// <summary>The candidate giving the most consistent field count (> 1) over the first records; ';' wins ties
    /// because French decimals contain commas.</summary>
    internal static char SniffSeparator(string sample)
    {
        var best = (Separator: ';', Score: double.MinValue);
        foreach (var candidate in Candidates)
        {
            var counts = new List<int>();
            using var reader = new StringReader(sample);
            var probe = new CsvTableRecordProbe(reader, candidate);
            while (counts.Count < 30 && probe.TryCount(out var count))
            {
                counts.Add(count);
            }

            if (counts.Count > 1 && counts[0] == 1 && counts.Count > 2)
            {
                counts.RemoveAt(0); // "sep=;" line
            }

            if (counts.Count == 0)
            {
                continue;
            }

            var mode = counts.GroupBy(c => c).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First();
            if (mode.Key <= 1)
            {
                continue;
            }

            var score = (double)mode.Count() / counts.Count * 1000 + Math.Min(mode.Key, 100);
            if (score > best.Score)
            {
                best = (candidate, score);
            }
        }

        return best.Separator;
    }

    public bool TryReadRow(out RawRow row)
    {
        try
        {
            while (TryReadRecord(out var fields, out var startLine))
            {
                if (_defect is null && Array.TrueForAll(fields, string.IsNullOrEmpty))
                {
                    continue;
                }

                row = new RawRow(startLine, fields) { Defect = _defect };
                return true;
            }
        }
        catch (DecoderFallbackException ex)
        {
            throw new FileRejectedException(
                $"{_fileName}: near line {_line}, bytes that are not valid in the file's encoding ({ex.Message}); save it as UTF-8 and import it again.", ex);
        }

        row = default;
        return false;
    }

    private bool TryReadRecord(out string?[] fields, out int startLine)
    {
        _fields.Clear();
        _field.Clear();
        _defect = null;
        _fieldCount = 0;
        _fieldTooLong = false;
        startLine = _line;
        var quoteLine = 0;
        var breaksInQuote = 0;
        var separatorInQuote = false;
        var c = Read();
        if (c < 0)
        {
            fields = [];
            return false;
        }

        var quoted = false;
        var wasQuoted = false;
        while (true)
        {
            if (c < 0)
            {
                if (quoted)
                {
                    Flag($"a quote opened on line {quoteLine} is never closed: the rest of the file ({_line - quoteLine + 1} lines) ran into one field");
                }

                EndField(wasQuoted);
                break;
            }

            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (Peek() == '"')
                    {
                        Read();
                        Append('"');
                    }
                    else
                    {
                        quoted = false;
                        if (breaksInQuote > 0 && (separatorInQuote || breaksInQuote > ReadingLimits.MaxLineBreaksInField))
                        {
                            Flag($"a quoted field runs from line {quoteLine} to line {_line}{(separatorInQuote ? " and contains the separator" : string.Empty)}: " +
                                "an unbalanced quote probably swallowed the lines in between; fix the quote and import the file again");
                        }
                    }
                }
                else
                {
                    if (ch == '\n' || (ch == '\r' && Peek() != '\n'))
                    {
                        _line++;
                        breaksInQuote++;
                    }

                    separatorInQuote |= ch == _separator;
                    Append(ch);
                    AppendRun();
                }
            }
            else if (ch == '"' && IsBlank(_field))
            {
                _field.Clear();
                quoted = true;
                wasQuoted = true;
                quoteLine = _line;
                breaksInQuote = 0;
                separatorInQuote = false;
            }
            else if (ch == _separator)
            {
                EndField(wasQuoted);
                wasQuoted = false;
            }
            else if (ch is '\r' or '\n')
            {
                if (ch == '\r' && Peek() == '\n')
                {
                    Read();
                }

                _line++;
                EndField(wasQuoted);
                break;
            }
            else
            {
                Append(ch);
                AppendRun();
            }

            c = Read();
        }

        fields = [.. _fields];
        return true;
    }

    private int Read()
    {
        if (_position == _length && !Fill())
        {
            return -1;
        }

        return _buffer[_position++];
    }

    private int Peek()
    {
        if (_position == _length && !Fill())
        {
            return -1;
        }

        return _buffer[_position];
    }

    private bool Fill()
    {
        _position = 0;
        _length = _reader.Read(_buffer, 0, _buffer.Length);
        return _length > 0;
    }

    /// <summary>Appends the plain text that follows in the buffer (up to a separator, a quote or a line break) at
    /// once, when it fits within the cell limit; otherwise the character-by-character path decides.</summary>
    private void AppendRun()
    {
        var rest = _buffer.AsSpan(_position, _length - _position);
        var run = rest.IndexOfAny(_specials);
        if (run < 0)
        {
            run = rest.Length;
        }

        if (run > 0 && _field.Length + run <= ReadingLimits.MaxCellChars)
        {
            _field.Append(rest[..run]);
            _position += run;
        }
    }

    /// <summary>Appends to the current field up to <see cref="ReadingLimits.MaxCellChars"/>; beyond, the row is
    /// flagged and the rest of the field skipped, so one huge field never sits in memory.</summary>
    private void Append(char ch)
    {
        if (_field.Length < ReadingLimits.MaxCellChars)
        {
            _field.Append(ch);
        }
        else if (!_fieldTooLong)
        {
            _fieldTooLong = true;
            Flag($"the field is longer than {ReadingLimits.Format(ReadingLimits.MaxCellChars)} characters", _fieldCount, Excerpt(_field));
        }
    }

    private void EndField(bool wasQuoted)
    {
        _fieldCount++;
        _fieldTooLong = false;
        if (_fields.Count >= ReadingLimits.MaxColumns)
        {
            if (_fieldCount == ReadingLimits.MaxColumns + 1)
            {
                Flag($"the line has more than {ReadingLimits.Format(ReadingLimits.MaxColumns)} fields, the limit of an import");
            }

            _field.Clear();
            return;
        }

        var value = wasQuoted ? _field.ToString().TrimEnd() : _field.ToString().Trim();
        _fields.Add(value.Length == 0 ? null : value);
        _field.Clear();
    }

    /// <summary>Marks the record being read as damaged (the first reason is kept).</summary>
    private void Flag(string reason, int? column = null, string? rawValue = null)
    {
        var index = column ?? _fieldCount;
        var name = Headers is { } headers && index < headers.Count && headers[index].Length > 0 ? headers[index] : $"column {index + 1}";
        _defect ??= new RowDefect(name, rawValue ?? Excerpt(_field), reason);
    }

    private static string Excerpt(StringBuilder field) =>
        field.Length <= 80 ? field.ToString() : string.Concat(field.ToString(0, 80), "…");

    private static bool IsBlank(StringBuilder sb)
    {
        for (var i = 0; i < sb.Length; i++)
        {
            if (!char.IsWhiteSpace(sb[i]))
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose() => _reader.Dispose();

    /// <summary>Counts fields per record with quotes respected, for separator sniffing.</summary>
    private sealed class CsvTableRecordProbe(TextReader reader, char separator)
    {
        public bool TryCount(out int count)
        {
            count = 0;
            var c = reader.Read();
            if (c < 0)
            {
                return false;
            }

            count = 1;
            var quoted = false;
            while (c >= 0)
            {
                var ch = (char)c;
                if (ch == '"')
                {
                    quoted = !quoted;
                }
                else if (!quoted && ch == separator)
                {
                    count++;
                }
                else if (!quoted && ch is '\n' or '\r')
                {
                    if (ch == '\r' && reader.Peek() == '\n')
                    {
                        reader.Read();
                    }

                    return true;
                }

                c = reader.Read();
            }

            return true;
        }
    }
}
