using System.IO.Compression;
using System.Text;

namespace CrmReco.Core.Tests.Reading;

/// <summary>Writes minimal XLSX packages by hand, part by part, so a test can build a hostile workbook (millions of
/// shared strings, a huge cell) without the OpenXML SDK materialising it first.</summary>
internal static class XlsxBuilder
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>A workbook with one sheet whose &lt;sheetData&gt; content is written by <paramref name="sheetData"/>,
    /// and a shared strings table whose &lt;si&gt; items are written by <paramref name="sharedStrings"/> (none if null).</summary>
    public static MemoryStream Build(Action<TextWriter> sheetData, Action<TextWriter>? sharedStrings = null)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml", w => w.Write(
                """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"""));
            Write(zip, "_rels/.rels", w => w.Write(
                """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""));
            Write(zip, "xl/workbook.xml", w => w.Write(
                $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{Main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>"""));
            var sharedRel = sharedStrings is null ? string.Empty
                : """<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>""";
            Write(zip, "xl/_rels/workbook.xml.rels", w => w.Write(
                $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{sharedRel}</Relationships>"""));
            Write(zip, "xl/worksheets/sheet1.xml", w =>
            {
                w.Write($"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{Main}"><sheetData>""");
                sheetData(w);
                w.Write("</sheetData></worksheet>");
            });
            if (sharedStrings is not null)
            {
                Write(zip, "xl/sharedStrings.xml", w =>
                {
                    w.Write($"""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{Main}">""");
                    sharedStrings(w);
                    w.Write("</sst>");
                });
            }
        }

        stream.Position = 0;
        return stream;
    }

    /// <summary>A row of inline-string cells A, B, C….</summary>
    public static string Row(int number, params string[] values)
    {
        var sb = new StringBuilder().Append("<row r=\"").Append(number).Append("\">");
        for (var i = 0; i < values.Length; i++)
        {
            sb.Append("<c r=\"").Append((char)('A' + i)).Append(number).Append("\" t=\"inlineStr\"><is><t>")
                .Append(System.Security.SecurityElement.Escape(values[i])).Append("</t></is></c>");
        }

        return sb.Append("</row>").ToString();
    }

    private static void Write(ZipArchive zip, string name, Action<TextWriter> content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false), 1 << 16);
        content(writer);
    }
}
