using System.Text;

namespace CrmReco.Integration.Tests.Infrastructure;

/// <summary>Small iSaVigne-style export files written for a test, in a fresh temporary folder.</summary>
public sealed class ExportFiles
{
    public const string SalesHeader =
        "Code client;Date livraison;Désignation;Qté;PU HT;Montant HT;Montant TTC;Type pièce;N° pièce;Code article;E-mail;CP;Ville";

    public const string CustomersHeader = "Code client;Nom;Prénom;E-mail;Téléphone;Adresse;CP;Ville;Pays";

    public const string ProductsHeader = "Désignation;Code article;Millésime;Famille;Prix TTC";

    static ExportFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public ExportFiles()
    {
        Root = Path.Combine(Path.GetTempPath(), "crmreco-exports", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Writes lines as a Windows-1252, CRLF file (what the ERP produces) under Root/relativePath.</summary>
    public string WriteCp1252(string relativePath, params string[] lines) =>
        WriteBytes(relativePath, Encoding.GetEncoding(1252).GetBytes(string.Join("\r\n", lines) + "\r\n"));

    /// <summary>A customers export of <paramref name="rows"/> under <see cref="CustomersHeader"/> as a browser uploads
    /// one: UTF-8, LF.</summary>
    public static byte[] CustomersUtf8(params string[] rows) => Encoding.UTF8.GetBytes(string.Join("\n", [CustomersHeader, .. rows]) + "\n");

    public string WriteBytes(string relativePath, byte[] bytes)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A sales export of <paramref name="count"/> one-line documents numbered from <paramref name="firstDocument"/>,
    /// over 500 customers, 20 wines and 300 days: the same document number always gives the same line, so two ranges
    /// that overlap share exactly their common lines.</summary>
    public static string[] NumberedSales(int firstDocument, int count)
    {
        var rows = new string[count + 1];
        rows[0] = SalesHeader;
        for (var i = 0; i < count; i++)
        {
            var document = firstDocument + i;
            var day = new DateOnly(2025, 1, 1).AddDays(document % 300).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
            rows[i + 1] = Sale($"C{document % 500:D5}", day, $"Riesling {document % 20}", "1", $"FA-{document:D7}", $"A{document % 20:D3}");
        }

        return rows;
    }

    /// <summary>A sales line in the header's column order.</summary>
    public static string Sale(string customer, string date, string label, string qty, string document, string article,
        string type = "FACTURE", string amountTtc = "61,20", string email = "jean.dupont@example.com") =>
        $"{customer};{date};{label};{qty};8,50;51,00;{amountTtc};{type};{document};{article};{email};67000;Strasbourg";
}
