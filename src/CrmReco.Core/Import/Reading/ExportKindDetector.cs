namespace CrmReco.Core.Import.Reading;

/// <summary>Which export a file is: from its name or folders first, else from its headers.</summary>
public static class ExportKindDetector
{
    private static readonly (string[] Words, ExportKind Kind)[] NameWords =
    [
        (["ventes", "vente", "sales", "ventes_lignes", "ventelignes", "venteslignes", "lignes"], ExportKind.Sales),
        // Before customers and products: "contacts_clients.csv" is contacts, "stock_produits.csv" is stock.
        (["stock", "stocks", "inventaire", "inventory"], ExportKind.Stock),
        (["contacts", "contact", "campagnes", "campagne", "campaigns", "campaign"], ExportKind.Contacts),
        (["clients", "client", "customers", "customer"], ExportKind.Customers),
        (["produits", "produit", "products", "product", "articles", "catalogue", "catalog"], ExportKind.Products),
    ];

    /// <summary>The file name first, then its folder and the one above (farther ancestors say nothing about the
    /// file); null when none says.</summary>
    public static ExportKind? FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = Path.GetFullPath(path).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse().Take(3).ToList();
        parts[0] = Path.GetFileNameWithoutExtension(parts[0]);
        foreach (var part in parts)
        {
            var words = HeaderAliasesWords(part);
            foreach (var (names, kind) in NameWords)
            {
                if (words.Any(w => names.Contains(w, StringComparer.Ordinal)))
                {
                    return kind;
                }
            }
        }

        return null;
    }

    /// <summary>The kind whose required columns are all present, preferring the most matched columns.</summary>
    public static ExportKind? FromHeaders(IReadOnlyList<string> headers, HeaderAliases aliases)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(aliases);
        var present = Enum.GetValues<ExportKind>().ToDictionary(
            kind => kind,
            kind => headers.Select(h => aliases.CanonicalOf(kind, h)).OfType<string>().ToHashSet(StringComparer.Ordinal));
        if (Columns.Sales.Required.All(present[ExportKind.Sales].Contains))
        {
            return ExportKind.Sales;
        }

        // Stock needs more than a "Stock" column (a catalogue may list one): a reservation or a snapshot date too.
        var stock = present[ExportKind.Stock];
        if (Columns.Stock.Required.All(stock.Contains) && (stock.Contains(Columns.Stock.Reserved) || stock.Contains(Columns.Stock.SnapshotDate)))
        {
            return ExportKind.Stock;
        }

        // Contacts need a channel, status or campaign beside the code and date (a customers list may carry a date).
        var contacts = present[ExportKind.Contacts];
        if (Columns.Contacts.Required.All(contacts.Contains)
            && (contacts.Contains(Columns.Contacts.Channel) || contacts.Contains(Columns.Contacts.Status) || contacts.Contains(Columns.Contacts.Campaign)))
        {
            return ExportKind.Contacts;
        }

        if (present[ExportKind.Products].Contains(Columns.Products.Article) && !present[ExportKind.Customers].Contains(Columns.Customers.ClientCode))
        {
            return ExportKind.Products;
        }

        if (present[ExportKind.Customers].Contains(Columns.Customers.ClientCode))
        {
            return ExportKind.Customers;
        }

        return null;
    }

    /// <summary>Why the headers name no export: the headers found, then the columns each kind needs (first
    /// accepted name of each), for the message of a file that cannot be routed.</summary>
    public static string ExplainHeaders(IReadOnlyList<string> headers, HeaderAliases aliases)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(aliases);
        var found = headers.Count == 0 ? "none" : string.Join(", ", headers.Select(h => $"'{h}'"));
        ExportKind[] kinds = [ExportKind.Sales, ExportKind.Customers, ExportKind.Products, ExportKind.Stock, ExportKind.Contacts];
        var expected = string.Join("; ", kinds.Select(kind =>
            $"{kind.ToName()} ({string.Join(", ", Columns.RequiredFor(kind).Select(c => $"'{FirstName(aliases, kind, c)}'"))})"));
        return $"Headers found: {found}; none matches the required columns of an export, expected one of: {expected}.";
    }

    private static string FirstName(HeaderAliases aliases, ExportKind kind, string canonical) =>
        aliases.For(kind).TryGetValue(canonical, out var names) && names.Count > 0 ? names[0] : canonical;

    private static string[] HeaderAliasesWords(string name) =>
        name.ToLowerInvariant().Split(['_', '-', ' ', '.'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(char.IsLetter).ToArray()))
            .Where(w => w.Length > 0)
            .ToArray();
}
