namespace CrmReco.Core.Import.Reading;

/// <summary>The default alias table: docs/data-format.md lists the same, keep both in step.</summary>
internal static class DefaultAliases
{
    public static readonly IReadOnlyDictionary<ExportKind, IReadOnlyDictionary<string, IReadOnlyList<string>>> Table =
        new Dictionary<ExportKind, IReadOnlyDictionary<string, IReadOnlyList<string>>>
        {
            [ExportKind.Sales] = new Dictionary<string, IReadOnlyList<string>>
            {
                [Columns.Sales.ClientCode] = ["code client", "n° client", "numero client", "code_client", "id_client", "customer_code", "customer id", "client"],
                [Columns.Sales.Date] = ["date livraison", "date de livraison", "date", "date pièce", "date document", "date facture", "document_date", "delivery_date"],
                [Columns.Sales.Label] = ["désignation", "libellé", "produit", "libelle article", "nom produit", "label", "description", "product"],
                [Columns.Sales.Quantity] = ["qté", "quantité", "qte", "quantite", "quantity", "qty"],
                [Columns.Sales.UnitPriceHt] = ["pu ht", "prix unitaire ht", "prix unitaire", "unit_price"],
                [Columns.Sales.AmountHt] = ["montant ht", "total ht", "amount_excl_vat", "net amount"],
                [Columns.Sales.AmountTtc] = ["montant ttc", "total ttc", "amount_incl_vat", "amount"],
                [Columns.Sales.Margin] = ["marge", "marge ht", "margin"],
                [Columns.Sales.DocumentType] = ["type pièce", "type de pièce", "type document", "type", "document_type"],
                [Columns.Sales.DocumentNo] = ["n° pièce", "numéro pièce", "numero piece", "num_piece", "numero document", "n° document", "id_piece", "n° facture", "numero facture", "document_no", "document number", "invoice_no"],
                [Columns.Sales.Article] = ["code article", "réf article", "référence", "reference", "code_produit", "produit_key", "sku", "product_code"],
                [Columns.Sales.LineNo] = ["n° ligne", "num_ligne", "numero ligne", "line_no"],
                [Columns.Sales.Email] = ["e-mail", "courriel", "mail", "adresse email"],
                [Columns.Sales.PostalCode] = ["cp", "code postal", "postal_code", "zip"],
                [Columns.Sales.City] = ["ville", "commune", "city"],
            },
            [ExportKind.Customers] = new Dictionary<string, IReadOnlyList<string>>
            {
                [Columns.Customers.ClientCode] = ["code client", "n° client", "numero client", "code_client", "id_client", "customer_code", "customer id", "client"],
                [Columns.Customers.LastName] = ["nom", "nom client", "last_name", "name"],
                [Columns.Customers.FirstName] = ["prénom", "first_name"],
                [Columns.Customers.Email] = ["e-mail", "courriel", "mail", "adresse email"],
                [Columns.Customers.Phone] = ["téléphone", "tél", "tel", "portable", "mobile", "phone"],
                [Columns.Customers.Address] = ["adresse", "adresse 1", "adresse1", "address", "address1"],
                [Columns.Customers.PostalCode] = ["cp", "code postal", "postal_code", "zip"],
                [Columns.Customers.City] = ["ville", "commune", "city"],
                [Columns.Customers.Country] = ["pays", "country"],
            },
            [ExportKind.Products] = new Dictionary<string, IReadOnlyList<string>>
            {
                [Columns.Products.Label] = ["désignation", "libellé", "produit", "libelle article", "nom produit", "label", "product_name"],
                [Columns.Products.Article] = ["code article", "réf article", "référence", "reference", "code_produit", "produit_key", "sku", "product_code"],
                [Columns.Products.Vintage] = ["millésime", "vintage"],
                [Columns.Products.Family] = ["famille", "famille crm", "family"],
                [Columns.Products.SubFamily] = ["sous-famille", "sous famille", "subfamily"],
                [Columns.Products.MacroCategory] = ["macro catégorie", "macro categorie", "category"],
                [Columns.Products.PriceTtc] = ["prix ttc", "tarif ttc", "prix", "price_incl_vat", "price"],
                [Columns.Products.PriceBand] = ["tranche prix", "tranche de prix", "price band"],
                [Columns.Products.PremiumTier] = ["gamme", "tier"],
            },
            [ExportKind.Stock] = new Dictionary<string, IReadOnlyList<string>>
            {
                [Columns.Stock.Article] = ["code article", "réf article", "référence", "reference", "code_produit", "produit_key", "sku", "product_code"],
                [Columns.Stock.Total] = ["stock total", "stock", "stock physique", "stock réel", "quantité en stock", "qté stock", "qte stock", "stock disponible", "disponible", "on hand", "stock_on_hand", "quantity on hand"],
                [Columns.Stock.Reserved] = ["réservé", "stock réservé", "qté réservée", "quantité réservée", "réservations", "reserved", "stock_reserved", "allocated"],
                [Columns.Stock.SnapshotDate] = ["date stock", "date du stock", "date inventaire", "date snapshot", "date", "stock_date", "snapshot_date", "as of"],
            },
            [ExportKind.Contacts] = new Dictionary<string, IReadOnlyList<string>>
            {
                [Columns.Contacts.ClientCode] = ["code client", "n° client", "numero client", "code_client", "client_code", "id_client", "customer id", "client"],
                [Columns.Contacts.Date] = ["date contact", "date de contact", "date envoi", "date d'envoi", "date", "sent_at", "sent date"],
                [Columns.Contacts.Channel] = ["canal", "canal de contact", "média", "media", "type contact", "type de contact", "contact_channel"],
                [Columns.Contacts.Status] = ["statut", "état", "etat", "résultat", "contact_status", "result"],
                [Columns.Contacts.Campaign] = ["campagne", "code campagne", "n° campagne", "id campagne", "id_campagne", "campaign", "campaign code"],
            },
        };
}
