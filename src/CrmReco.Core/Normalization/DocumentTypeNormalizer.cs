using CrmReco.Core.Import;

namespace CrmReco.Core.Normalization;

/// <summary>Document types: invoices, delivery notes and tickets are sales; AVOIR (credit note) is a return.</summary>
public static class DocumentTypeNormalizer
{
    public static bool TryParse(string? raw, out DocumentType type)
    {
        type = DocumentType.Sale;
        switch (TextNormalizer.Key(raw))
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
