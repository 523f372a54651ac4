namespace CrmReco.Core.Import.Reading;

/// <summary>Opens an export file as a table, whatever it is: CSV (any usual encoding and separator) or XLSX.
/// Anything else is rejected with a <see cref="FileRejectedException"/> naming the problem.</summary>
public static class TabularFile
{
    public static ITabularReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return Open(stream, Path.GetFileName(path));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Opens a stream (an upload, say). A non-seekable stream is buffered to a temporary file first.</summary>
    public static ITabularReader Open(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        if (!stream.CanSeek)
        {
            var temp = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            stream.CopyTo(temp);
            temp.Position = 0;
            stream = temp;
        }

        Span<byte> signature = stackalloc byte[8];
        var read = stream.ReadAtLeast(signature, 8, throwOnEndOfStream: false);
        stream.Position = 0;
        if (read == 0)
        {
            throw new FileRejectedException($"{fileName} is empty.");
        }

        if (signature[..read].StartsWith("PK\x03\x04"u8))
        {
            return XlsxTableReader.Open(stream, fileName);
        }

        if (signature[..read].StartsWith([(byte)0xD0, (byte)0xCF, (byte)0x11, (byte)0xE0]))
        {
            throw new FileRejectedException($"{fileName} is an XLS (Excel 97-2003) workbook, which is not supported: save it as XLSX or CSV.");
        }

        if (signature[..read].StartsWith("%PDF"u8))
        {
            throw new FileRejectedException($"{fileName} is a PDF document, not a CSV or XLSX table.");
        }

        return CsvTableReader.Open(stream, fileName);
    }
}
