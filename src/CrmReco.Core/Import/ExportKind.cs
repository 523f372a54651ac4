namespace CrmReco.Core.Import;

/// <summary>The kinds of iSaVigne export CrmReco ingests, in the order one run loads them: the masters first,
/// then stock and contacts (which refer to them), then sales.</summary>
public enum ExportKind
{
    Products = 0,
    Customers = 1,

    /// <summary>Optional: stock snapshots per article and date.</summary>
    Stock = 2,

    /// <summary>Optional: past marketing contacts per customer (the silence window).</summary>
    Contacts = 3,
    Sales = 4,
}

/// <summary>Lower-case names used on the command line, in JSON and in the database.</summary>
public static class ExportKindNames
{
    public static string ToName(this ExportKind kind) => kind switch
    {
        ExportKind.Products => "products",
        ExportKind.Customers => "customers",
        ExportKind.Stock => "stock",
        ExportKind.Contacts => "contacts",
        ExportKind.Sales => "sales",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Parses "sales", "ventes", "customers", "clients", "products", "produits", "stock", "stocks",
    /// "contacts" (any case).</summary>
    public static bool TryParse(string? text, out ExportKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "sales" or "ventes" or "ventes_lignes":
                kind = ExportKind.Sales;
                return true;
            case "customers" or "clients":
                kind = ExportKind.Customers;
                return true;
            case "products" or "produits":
                kind = ExportKind.Products;
                return true;
            case "stock" or "stocks":
                kind = ExportKind.Stock;
                return true;
            case "contacts" or "contact":
                kind = ExportKind.Contacts;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
