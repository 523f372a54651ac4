using System.Globalization;

namespace CrmReco.Core.Import.Reading;

/// <summary>
/// What the readers accept, so that a small hostile file (a zip bomb, a 2-million-cell row, one gigabyte of text in
/// a field) is refused or quarantined with a message naming the limit instead of taking the server's memory.
/// Every real export is far below them (see docs/data-format.md, "Limits").
/// </summary>
public static class ReadingLimits
{
    /// <summary>Uncompressed bytes of any one part of an XLSX package (the sheet included): 512 MiB.</summary>
    public const long MaxXlsxPartBytes = 512L * 1024 * 1024;

    /// <summary>Parts (zip entries) in an XLSX package.</summary>
    public const int MaxXlsxEntries = 10_000;

    /// <summary>Characters of the small XLSX parts loaded whole (workbook, styles, relationships).</summary>
    public const long MaxXlsxDomPartChars = 16L * 1024 * 1024;

    /// <summary>Uncompressed bytes of the shared strings part: 128 MiB.</summary>
    public const long MaxSharedStringsBytes = 128L * 1024 * 1024;

    /// <summary>Entries in the shared strings table.</summary>
    public const int MaxSharedStrings = 2_000_000;

    /// <summary>Characters of all shared strings together (they are kept in memory while the sheet is read).</summary>
    public const long MaxSharedStringChars = 32_000_000;

    /// <summary>Rows of an XLSX sheet: Excel's own limit.</summary>
    public const int MaxXlsxRows = 1_048_576;

    /// <summary>Columns (cells) of a row, CSV or XLSX. Our exports have about fifteen.</summary>
    public const int MaxColumns = 1_024;

    /// <summary>Characters of one cell or field as read: Excel's own cell limit. A longer field quarantines its row
    /// (its text beyond the limit is skipped, never held). The per-column caps of <see cref="Columns.MaxLength"/>
    /// are much lower.</summary>
    public const int MaxCellChars = 32_767;

    /// <summary>Line breaks inside one quoted CSV field before it is taken for an unbalanced quote.</summary>
    public const int MaxLineBreaksInField = 5;

    internal static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
