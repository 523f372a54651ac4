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
    private static readonly char[] Candidates = [';', '\t', ',', '|'];
    private readonly TextReader _reader;
    private readonly char _separator;
    private readonly StringBuilder _field = new();
    private readonly List<string?> _fields = [];
    private int _line = 1; // the physical line the reader is on

    private CsvTableReader(TextReader reader, char separator, string encodingName, string fileName)
    {
        _reader = reader;
        _separator = separator;
        var startLine = _line;
        if (!TryReadRecord(out var header, out startLine))
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

        var (encoding, name, bomLength) = DetectEncoding(prefix.AsSpan(0, length), length < SniffBytes);
        if (encoding is not UnicodeEncoding && prefix.AsSpan(0, Math.Min(length, 8192)).Contains((byte)0))
        {
            throw new FileRejectedException($"{fileName} is a binary file, not a CSV or XLSX table.");
        }

        var text = encoding.GetString(prefix, bomLength, length - bomLength);
        // Excel's "sep=;" hint line names the separator outright.
        var separator = text.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && text.Length > 4 && text[4] is not '\r' and not '\n'
            ? text[4]
            : SniffSeparator(text);
        stream.Position = bomLength;
        var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        return new CsvTableReader(reader, separator, name, fileName);
    }

    private static (Encoding Encoding, string Name, int BomLength) DetectEncoding(ReadOnlySpan<byte> prefix, bool complete)
    {
        if (prefix.StartsWith([(byte)0xEF, (byte)0xBB, (byte)0xBF]))
        {
            return (new UTF8Encoding(false), "UTF-8 with BOM", 3);
        }

        if (prefix.StartsWith([(byte)0xFF, (byte)0xFE]))
        {
            return (new UnicodeEncoding(false, false), "UTF-16 LE", 2);
        }

        if (prefix.StartsWith([(byte)0xFE, (byte)0xFF]))
        {
            return (new UnicodeEncoding(true, false), "UTF-16 BE", 2);
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

        return System.Text.Unicode.Utf8.IsValid(check)
            ? (new UTF8Encoding(false), "UTF-8", 0)
            : (MojibakeRepair.Windows1252, "windows-1252", 0);
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
        while (TryReadRecord(out var fields, out var startLine))
        {
            if (fields.All(string.IsNullOrEmpty))
            {
                continue;
            }

            row = new RawRow(startLine, fields);
            return true;
        }

        row = default;
        return false;
    }

    private bool TryReadRecord(out string?[] fields, out int startLine)
    {
        _fields.Clear();
        _field.Clear();
        startLine = _line;
        var c = _reader.Read();
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
                EndField(wasQuoted);
                break;
            }

            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (_reader.Peek() == '"')
                    {
                        _reader.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n' || (ch == '\r' && _reader.Peek() != '\n'))
                    {
                        _line++;
                    }

                    _field.Append(ch);
                }
            }
            else if (ch == '"' && IsBlank(_field))
            {
                _field.Clear();
                quoted = true;
                wasQuoted = true;
            }
            else if (ch == _separator)
            {
                EndField(wasQuoted);
                wasQuoted = false;
            }
            else if (ch is '\r' or '\n')
            {
                if (ch == '\r' && _reader.Peek() == '\n')
                {
                    _reader.Read();
                }

                _line++;
                EndField(wasQuoted);
                break;
            }
            else
            {
                _field.Append(ch);
            }

            c = _reader.Read();
        }

        fields = [.. _fields];
        return true;
    }

    private void EndField(bool wasQuoted)
    {
        var value = wasQuoted ? _field.ToString().TrimEnd() : _field.ToString().Trim();
        _fields.Add(value.Length == 0 ? null : value);
        _field.Clear();
    }

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
