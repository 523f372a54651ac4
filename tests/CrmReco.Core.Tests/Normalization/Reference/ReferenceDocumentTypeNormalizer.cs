using CrmReco.Core.Import;

namespace CrmReco.Core.Tests.Normalization.Reference;

/// <summary>DocumentTypeNormalizer as it was before the fast paths (main at 6e3bc3c), the reference of the differential tests.</summary>
internal static class ReferenceDocumentTypeNormalizer
{
    public static bool TryParse(string? raw, out DocumentType type)
    {
        type = DocumentType.Sale;
        switch (ReferenceTextNormalizer.Key(raw))
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
