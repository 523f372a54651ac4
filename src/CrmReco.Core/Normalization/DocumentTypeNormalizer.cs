using System.Text;
using CrmReco.Core.Import;

namespace CrmReco.Core.Normalization;

/// <summary>Document types: invoices, delivery notes and tickets are sales; AVOIR (credit note) is a return.</summary>
public static class DocumentTypeNormalizer
{
    public static bool TryParse(string? raw, out DocumentType type)
    {
        if (raw is { Length: <= 64 } && Ascii.IsValid(raw))
        {
            // The key of an ASCII cell, without allocating it (every sales line has one).
            Span<char> buffer = stackalloc char[raw.Length];
            return FromKey(buffer[..TextNormalizer.AsciiKey(raw, buffer)], out type);
        }

        return FromKey(TextNormalizer.Key(raw), out type);
    }

    private static bool FromKey(ReadOnlySpan<char> key, out DocumentType type)
    {
        type = DocumentType.Sale;
        switch (key)
        {
            case "" or "vente" or "ventes" or "facture" or "fact" or "fa" or "bl" or "bondelivraison" or "livraison"
                or "ticket" or "caisse" or "commande" or "sale" or "invoice":
                return true;
            case "avoir" or "av" or "avo" or "notedecredit" or "creditnote" or "retour" or "credit":
                type = DocumentType.CreditNote;
                return true;
            default:
                return false;
        }
    }
}
