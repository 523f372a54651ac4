namespace CrmReco.Core.Import.Reading;

/// <summary>One data row of a table file. <see cref="LineNumber"/> is the physical line where the row starts
/// (1-based; the header is line 1 in a CSV, row 1 in a sheet), so a quarantined row can be found in the file.</summary>
public readonly record struct RawRow(int LineNumber, string?[] Fields)
{
    public string? this[int index] => index >= 0 && index < Fields.Length ? Fields[index] : null;

    /// <summary>Set when the reader saw the row is damaged (an over-long cell, an unbalanced quote, a reference to a
    /// missing shared string…): the row is quarantined with this reason, whatever its fields say.</summary>
    public RowDefect? Defect { get; init; }
}

/// <summary>Why a reader could not trust a row. <paramref name="Column"/> is the header as written in the file
/// (or "(row)"); <paramref name="RawValue"/> is an excerpt, never a whole over-long value.</summary>
public sealed record RowDefect(string Column, string? RawValue, string Reason);

/// <summary>A streaming reader over a CSV or XLSX table: headers first, then rows one at a time.</summary>
public interface ITabularReader : IDisposable
{
    /// <summary>The header row as written in the file (not yet matched to canonical names).</summary>
    IReadOnlyList<string> Headers { get; }

    /// <summary>A one-line description of what was detected, e.g. "CSV, windows-1252, ';'" or "XLSX, sheet 'Ventes'".</summary>
    string Format { get; }

    /// <summary>Reads the next data row; false at the end. Blank rows are skipped.</summary>
    bool TryReadRow(out RawRow row);
}

/// <summary>Thrown when a whole file cannot be used (empty, binary, not a table, required column missing…).
/// The message names the problem in words a user can act on. Nothing of that file is loaded.</summary>
public sealed class FileRejectedException : Exception
{
    public FileRejectedException(string message)
        : base(message)
    {
    }

    public FileRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Where each canonical column sits in a file's rows.</summary>
public sealed class ColumnMap
{
    private readonly Dictionary<string, int> _indexByCanonical;

    public ColumnMap(IReadOnlyDictionary<string, int> indexByCanonical)
    {
        ArgumentNullException.ThrowIfNull(indexByCanonical);
        _indexByCanonical = new Dictionary<string, int>(indexByCanonical, StringComparer.Ordinal);
    }

    /// <summary>Canonical names present in the file.</summary>
    public IReadOnlyCollection<string> Present => _indexByCanonical.Keys;

    public bool Has(string canonical) => _indexByCanonical.ContainsKey(canonical);

    public int IndexOf(string canonical) => _indexByCanonical.TryGetValue(canonical, out var i) ? i : -1;

    /// <summary>The raw value of a canonical column in a row, or null when the column is absent.</summary>
    public string? Get(in RawRow row, string canonical) =>
        _indexByCanonical.TryGetValue(canonical, out var i) ? row[i] : null;
}
