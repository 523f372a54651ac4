using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CrmReco.Core.Import;

namespace CrmReco.Core.Storage;

/// <summary>
/// The natural key of a sales line, stable across re-exports so overlapping exports add only new lines.
/// With a line number in the export: document type + number + line number. Without one: document type +
/// number + the line's content + its occurrence among identical lines of the same document in file order
/// (iSaVigne exports whole documents, so two identical lines of one document are numbered 1 and 2 in every
/// export that contains them).
/// </summary>
/// <remarks>Keys are stored: the text hashed must never change (<c>yyyy-MM-dd</c> dates, <c>0.####</c> amounts,
/// invariant culture). It is written into one reused buffer instead of interpolated strings, since this runs once
/// per imported line; SalesLineKeyTests holds the original formatting as the reference.</remarks>
public sealed class SalesLineKey : IDisposable
{
    // Identical lines are counted by a 128-bit digest of their content, not by the content itself, so a file of
    // lines without line numbers costs ≈ 21–43 bytes a line instead of the whole text of every line.
    private readonly OccurrenceCounter _occurrences = new();
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private char[] _text = new char[256];
    private byte[] _bytes = new byte[1024];
    private int _length;

    /// <summary>Key of the next line of a file; call in file order, one instance per file.</summary>
    public string Next(SalesLineRecord line)
    {
        ArgumentNullException.ThrowIfNull(line);
        _length = 0;
        Append(line.DocumentType == DocumentType.CreditNote ? "AVOIR" : "VENTE");
        Append('|');
        Append(line.DocumentNo);
        Append('|');
        Span<byte> hash = stackalloc byte[32];
        if (line.LineNo is { } lineNo)
        {
            Append('#');
            AppendInteger(lineNo);
            SHA256.HashData(Utf8(), hash);
        }
        else
        {
            Append(line.CustomerCode);
            Append('|');
            AppendDate(line.Date);
            Append('|');
            Append(line.Article);
            Append('|');
            Append(line.Label);
            Append('|');
            AppendAmount(line.Quantity);
            Append('|');
            AppendAmount(line.AmountHt);
            Append('|');
            AppendAmount(line.AmountTtc);

            // SHA-256 of "content|occurrence" in one pass: the content's own digest is read on the way.
            _sha.AppendData(Utf8());
            _sha.GetCurrentHash(hash);
            var content = BinaryPrimitives.ReadUInt128LittleEndian(hash);
            var occurrence = _occurrences.Next(content);
            _length = 0;
            Append('|');
            AppendInteger(occurrence);
            _sha.AppendData(Utf8());
            _sha.GetHashAndReset(hash);
        }

        // 128 bits are plenty for uniqueness and keep the index small.
        return Convert.ToHexStringLower(hash[..16]);
    }

    public void Dispose() => _sha.Dispose();

    /// <summary>The text written so far, as UTF-8.</summary>
    private ReadOnlySpan<byte> Utf8()
    {
        var chars = _text.AsSpan(0, _length);
        var size = Encoding.UTF8.GetMaxByteCount(chars.Length);
        if (size > _bytes.Length)
        {
            _bytes = new byte[size];
        }

        return _bytes.AsSpan(0, Encoding.UTF8.GetBytes(chars, _bytes));
    }

    private Span<char> Room(int needed)
    {
        if (_length + needed > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(_text.Length * 2, _length + needed));
        }

        return _text.AsSpan(_length);
    }

    private void Append(char c)
    {
        Room(1)[0] = c;
        _length++;
    }

    private void Append(string? text)
    {
        if (text is not null)
        {
            text.CopyTo(Room(text.Length));
            _length += text.Length;
        }
    }

    private void AppendInteger(int value)
    {
        value.TryFormat(Room(11), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    private void AppendDate(DateOnly date)
    {
        var room = Room(10);
        Digits(room[..4], date.Year);
        room[4] = '-';
        Digits(room.Slice(5, 2), date.Month);
        room[7] = '-';
        Digits(room.Slice(8, 2), date.Day);
        _length += 10;

        static void Digits(Span<char> into, int value)
        {
            for (var i = into.Length - 1; i >= 0; i--, value /= 10)
            {
                into[i] = (char)('0' + (value % 10));
            }
        }
    }

    /// <summary>As <c>0.####</c> formats it. A non-zero amount with at most 4 decimals (all amounts read from an
    /// export) is its plain digits without trailing zeros; anything else goes through the format itself.</summary>
    private void AppendAmount(decimal? amount)
    {
        if (amount is not { } value)
        {
            return;
        }

        var room = Room(64);
        int written;
        if (value != 0m && value.Scale <= 4)
        {
            value.TryFormat(room, out written, default, CultureInfo.InvariantCulture);
            if (room[..written].Contains('.'))
            {
                written = room[..written].TrimEnd('0').TrimEnd('.').Length;
            }
        }
        else
        {
            value.TryFormat(room, out written, "0.####", CultureInfo.InvariantCulture);
        }

        _length += written;
    }
}
