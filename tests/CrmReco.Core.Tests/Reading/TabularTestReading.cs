using System.Text;
using CrmReco.Core.Import.Reading;

namespace CrmReco.Core.Tests.Reading;

/// <summary>What the reader tests share: a file's bytes read to the end, row by row.</summary>
internal static class TabularTestReading
{
    /// <summary>Every row of <paramref name="bytes"/> read as a file named <paramref name="fileName"/>, and the
    /// reader (its separator, encoding and header as it found them).</summary>
    public static List<RawRow> ReadAll(byte[] bytes, out ITabularReader reader, string fileName = "clients.csv")
    {
        reader = TabularFile.Open(new MemoryStream(bytes), fileName);
        var rows = new List<RawRow>();
        while (reader.TryReadRow(out var row))
        {
            rows.Add(row);
        }

        return rows;
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
