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
public sealed class SalesLineKey
{
    private readonly Dictionary<string, int> _occurrences = new(StringComparer.Ordinal);

    /// <summary>Key of the next line of a file; call in file order, one instance per file.</summary>
    public string Next(SalesLineRecord line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var type = line.DocumentType == DocumentType.CreditNote ? "AVOIR" : "VENTE";
        string identity;
        if (line.LineNo is { } lineNo)
        {
            identity = string.Create(CultureInfo.InvariantCulture, $"{type}|{line.DocumentNo}|#{lineNo}");
        }
        else
        {
            var content = string.Create(
                CultureInfo.InvariantCulture,
                $"{type}|{line.DocumentNo}|{line.CustomerCode}|{line.Date:yyyy-MM-dd}|{line.Article}|{line.Label}|{line.Quantity:0.####}|{line.AmountHt:0.####}|{line.AmountTtc:0.####}");
            var occurrence = _occurrences.TryGetValue(content, out var seen) ? seen + 1 : 1;
            _occurrences[content] = occurrence;
            identity = string.Create(CultureInfo.InvariantCulture, $"{content}|{occurrence}");
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(identity), hash);
        // 128 bits are plenty for uniqueness and keep the index small.
        return Convert.ToHexStringLower(hash[..16]);
    }
}
