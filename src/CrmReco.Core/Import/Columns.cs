namespace CrmReco.Core.Import;

/// <summary>
/// Canonical column names of each export kind (the prototype's names, see docs/data-format.md).
/// Headers found in a file are matched to these through the alias table.
/// </summary>
public static class Columns
{
    public static class Sales
    {
        public const string ClientCode = "client_code";
        public const string Date = "date_livraison";
        public const string Label = "produit_label";
        public const string Quantity = "qty_line";
        public const string UnitPriceHt = "pu_ht";
        public const string AmountHt = "mt_ht";
        public const string AmountTtc = "mt_ttc";
        public const string Margin = "marge";
        public const string DocumentType = "document_type";
        public const string DocumentNo = "document_no";
        public const string Article = "article";
        public const string LineNo = "order_detail_no";
        public const string Email = "email";
        public const string PostalCode = "code_postal";
        public const string City = "ville";

        public static readonly IReadOnlyList<string> Required = [ClientCode, Date, Quantity, DocumentNo];

        public static readonly IReadOnlyList<string> All =
            [ClientCode, Date, Label, Quantity, UnitPriceHt, AmountHt, AmountTtc, Margin, DocumentType, DocumentNo,
             Article, LineNo, Email, PostalCode, City];
    }

    public static class Customers
    {
        public const string ClientCode = "client_code";
        public const string LastName = "nom";
        public const string FirstName = "prenom";
        public const string Email = "email";
        public const string Phone = "telephone";
        public const string Address = "adresse";
        public const string PostalCode = "code_postal";
        public const string City = "ville";
        public const string Country = "pays";

        public static readonly IReadOnlyList<string> Required = [ClientCode];

        public static readonly IReadOnlyList<string> All =
            [ClientCode, LastName, FirstName, Email, Phone, Address, PostalCode, City, Country];
    }

    public static class Products
    {
        public const string Label = "produit";
        public const string Article = "article";
        public const string Vintage = "millesime";
        public const string Family = "famille_crm";
        public const string SubFamily = "sous_famille";
        public const string MacroCategory = "macro_categorie";
        public const string PriceTtc = "prix_ttc";
        public const string PriceBand = "price_band";
        public const string PremiumTier = "premium_tier";

        public static readonly IReadOnlyList<string> Required = [Article];

        public static readonly IReadOnlyList<string> All =
            [Label, Article, Vintage, Family, SubFamily, MacroCategory, PriceTtc, PriceBand, PremiumTier];
    }

    /// <summary>A stock snapshot: what an article has in the cellar and how much of it is already promised.</summary>
    public static class Stock
    {
        public const string Article = "article";
        public const string Total = "stock_total";
        public const string Reserved = "stock_reserve";
        public const string SnapshotDate = "date_snapshot";

        /// <summary>Only the domain notes' <c>article*</c> plus the total: a stock row without a quantity says nothing.
        /// The date may come from the file name (see docs/data-format.md).</summary>
        public static readonly IReadOnlyList<string> Required = [Article, Total];

        public static readonly IReadOnlyList<string> All = [Article, Total, Reserved, SnapshotDate];
    }

    /// <summary>A past marketing contact of a customer.</summary>
    public static class Contacts
    {
        public const string ClientCode = "customer_code";
        public const string Date = "contact_date";
        public const string Channel = "channel";
        public const string Status = "status";
        public const string Campaign = "campaign_id";

        public static readonly IReadOnlyList<string> Required = [ClientCode, Date];

        public static readonly IReadOnlyList<string> All = [ClientCode, Date, Channel, Status, Campaign];
    }

    public static IReadOnlyList<string> RequiredFor(ExportKind kind) => kind switch
    {
        ExportKind.Sales => Sales.Required,
        ExportKind.Customers => Customers.Required,
        ExportKind.Products => Products.Required,
        ExportKind.Stock => Stock.Required,
        ExportKind.Contacts => Contacts.Required,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static IReadOnlyList<string> AllFor(ExportKind kind) => kind switch
    {
        ExportKind.Sales => Sales.All,
        ExportKind.Customers => Customers.All,
        ExportKind.Products => Products.All,
        ExportKind.Stock => Stock.All,
        ExportKind.Contacts => Contacts.All,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The longest value accepted in each column at import, in characters; a row with a longer value is
    /// quarantined with the reason. Codes are short, names and labels a few hundred characters, free text a
    /// thousand. Columns not listed here get <see cref="DefaultMaxLength"/>.</summary>
    private static readonly Dictionary<string, int> MaxLengths = new(StringComparer.Ordinal)
    {
        [Sales.ClientCode] = 64,
        [Contacts.ClientCode] = 64,
        [Sales.Article] = 64,
        [Sales.DocumentNo] = 64,
        [Sales.DocumentType] = 64,
        [Sales.LineNo] = 32,
        [Sales.Date] = 64,
        [Contacts.Date] = 64,
        [Stock.SnapshotDate] = 64,
        [Sales.Quantity] = 64,
        [Sales.UnitPriceHt] = 64,
        [Sales.AmountHt] = 64,
        [Sales.AmountTtc] = 64,
        [Sales.Margin] = 64,
        [Products.PriceTtc] = 64,
        [Products.Vintage] = 32,
        [Stock.Total] = 64,
        [Stock.Reserved] = 64,
        [Sales.Label] = 300,
        [Products.Label] = 300,
        [Customers.LastName] = 200,
        [Customers.FirstName] = 200,
        [Customers.Email] = 320,
        [Customers.Phone] = 64,
        [Customers.Address] = 500,
        [Customers.PostalCode] = 32,
        [Customers.City] = 200,
        [Customers.Country] = 200,
        [Products.Family] = 200,
        [Products.SubFamily] = 200,
        [Products.MacroCategory] = 200,
        [Products.PriceBand] = 200,
        [Products.PremiumTier] = 200,
        [Contacts.Channel] = 64,
        [Contacts.Status] = 200,
        [Contacts.Campaign] = 200,
    };

    /// <summary>The cap of a column without its own (free text).</summary>
    public const int DefaultMaxLength = 1_000;

    /// <summary>The longest value accepted in a canonical column, in characters.</summary>
    public static int MaxLength(string canonical) =>
        MaxLengths.TryGetValue(canonical, out var max) ? max : DefaultMaxLength;
}
