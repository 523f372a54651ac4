namespace CrmReco.Core.Import;

/// <summary>The kinds of iSaVigne export CrmReco ingests, in the order one run loads them.</summary>
public enum ExportKind
{
    Products = 0,
    Customers = 1,
    Sales = 2,
}

/// <summary>Lower-case names used on the command line, in JSON and in the database.</summary>
public static class ExportKindNames
{
    public static string ToName(this ExportKind kind) => kind switch
    {
        ExportKind.Products => "products",
        ExportKind.Customers => "customers",
        ExportKind.Sales => "sales",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Parses "sales", "ventes", "customers", "clients", "products", "produits" (any case).</summary>
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
            default:
                kind = default;
                return false;
        }
    }
}
