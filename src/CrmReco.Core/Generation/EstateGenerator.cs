using System.Globalization;
using System.Text;
using CrmReco.Core.Normalization;

namespace CrmReco.Core.Generation;

/// <summary>What to generate.</summary>
/// <param name="Messy">Plant the defects real exports have (bad rows, stubs, mojibake, overlap…), counted in
/// <see cref="ExpectedCounts"/>; false gives clean files for benchmarks.</param>
/// <param name="TransactionsPath">Also write the distinct valid sales as a transactions CSV.</param>
/// <param name="StockAndContacts">Also write the optional stock and contacts exports.</param>
/// <param name="Products">Size of the catalogue: 0 (or anything up to the estate's 60 products) is the estate's own
/// catalogue; more extends it with synthetic cuvées to exactly that many products.</param>
/// <param name="Basket">Multiplies the number of different wines drawn for each order (1: the estate's 1–4);
/// more sales lines per order, for benchmarks at a larger scale (4 gives ≈ 21.6 lines per customer over 4 years, against 6.4).</param>
public sealed record GeneratorOptions(
    int Customers = 300,
    int Years = 3,
    int Seed = 42,
    DateOnly? EndDate = null,
    bool Messy = true,
    string? TransactionsPath = null,
    bool StockAndContacts = true,
    int Products = 0,
    int Basket = 1)
{
    public DateOnly End => EndDate ?? new DateOnly(2026, 10, 31);
}

/// <summary>What importing the generated files must give (the generator knows what it planted).</summary>
public sealed record ExpectedCounts(
    int SalesRowsRead,
    int SalesRowsRejected,
    int StubCustomers,
    int StubProducts,
    int DuplicateSalesLines,
    int Customers,
    int Products,
    int DistinctSalesLines,
    int StockRowsRead = 0,
    int StockRowsRejected = 0,
    int StockSnapshots = 0,
    int StockArticles = 0,
    int SoldOutArticles = 0,
    int ContactsRowsRead = 0,
    int ContactsRowsRejected = 0,
    int DuplicateContacts = 0,
    int Contacts = 0);

public sealed record GeneratorSummary(IReadOnlyList<string> Files, ExpectedCounts Expected);

/// <summary>
/// A synthetic wine estate writing iSaVigne-style exports (Windows-1252, ';', French decimals and dates,
/// accented headers). Customers buy as a BG/NBD-like process (Poisson purchases while alive, a dropout chance
/// after each order) thinned by a seasonal curve with a strong Christmas peak; each has favourite varieties and
/// a price level, rebuys favourites, and planted bundles make some wines go together. Deterministic under the
/// seed; lines stream to disk, so memory does not grow with the number of lines. See docs/generator.md.
/// </summary>
public static class EstateGenerator
{
    public const string SalesHeader = "Code client;Date livraison;Désignation;Qté;PU HT;Montant HT;Montant TTC;Marge;Type pièce;N° pièce;Code article;E-mail;CP;Ville";
    public const string CustomersHeader = "Code client;Nom;Prénom;E-mail;Téléphone;Adresse;CP;Ville;Pays";
    public const string ProductsHeader = "Désignation;Code article;Millésime;Famille;Sous-famille;Macro catégorie;Prix TTC;Tranche prix;Gamme";

    /// <summary>The largest catalogue <see cref="GeneratorOptions.Products"/> may ask for.</summary>
    public const int MaxProducts = 20_000;

    /// <summary>The estate's own catalogue: the smallest <see cref="GeneratorOptions.Products"/> other than 0.</summary>
    public static int EstateProducts { get; } = Catalogue.Build().Count;

    private static readonly double[] MonthWeight = [0.6, 0.6, 0.8, 1.0, 1.1, 1.1, 1.2, 1.0, 0.9, 1.0, 1.8, 2.8];
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static async Task<GeneratorSummary> GenerateAsync(GeneratorOptions options, string outputDir, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Customers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Years, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Products);
        if (options.Products is > 0 && options.Products < EstateProducts)
        {
            // The estate's wines are always there: a smaller catalogue cannot be honoured exactly.
            throw new ArgumentOutOfRangeException(nameof(options), options.Products, $"Products must be 0 (the estate's {EstateProducts}) or at least {EstateProducts}.");
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Products, MaxProducts);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Basket, 1);
        var random = new Random(options.Seed);
        var end = options.End;
        var start = new DateOnly(end.Year - options.Years + 1, 1, 1);
        var stamp = end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var products = Catalogue.Build(options.Products);
        var shelf = new Shelf(products);
        var people = new People(random);
        var files = new List<string>();

        Directory.CreateDirectory(Path.Combine(outputDir, "produits"));
        Directory.CreateDirectory(Path.Combine(outputDir, "clients"));
        Directory.CreateDirectory(Path.Combine(outputDir, "ventes_lignes"));
        var productsPath = Path.Combine(outputDir, "produits", $"produits_{stamp}.csv");
        await using (var writer = Writer(productsPath))
        {
            await writer.WriteLineAsync(ProductsHeader);
            foreach (var p in products)
            {
                await writer.WriteLineAsync(string.Join(';', p.Label, p.Article, p.Vintage?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, p.Family, p.SubFamily, p.Macro, p.PriceTtc.ToString("0.00", French), p.PriceBand, p.Tier));
            }
        }

        files.Add(productsPath);
        var sales = new SalesWriters(outputDir, start.Year, end.Year, options.Messy);
        var transactions = options.TransactionsPath is null ? null : Writer(options.TransactionsPath, utf8: true);
        transactions?.WriteLine("customer_id,order_id,date,product_id,quantity,amount");
        var customersPath = Path.Combine(outputDir, "clients", $"clients_{stamp}.csv");
        var documents = 0;
        await using (var customersWriter = Writer(customersPath))
        {
            await customersWriter.WriteLineAsync(CustomersHeader);
            for (var i = 1; i <= options.Customers; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var person = people.Next(i, options.Messy);
                await customersWriter.WriteLineAsync(person.CsvLine());
                var shopper = new Shopper(random, shelf, start, end, options.Basket);
                foreach (var order in shopper.Orders())
                {
                    var type = order.IsCreditNote ? "AVOIR" : "FACTURE";
                    var number = $"{(order.IsCreditNote ? "AV" : "FA")}-{order.Date.Year}-{++documents:000000}";
                    foreach (var (product, quantity) in order.Lines)
                    {
                        var line = SalesLine(person, order.Date, product.Label, product, quantity, type, number);
                        sales.Write(order.Date, line);
                        transactions?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{person.Code},{number},{order.Date:yyyy-MM-dd},{product.Article},{quantity},{quantity * product.PriceTtc:0.00}"));
                    }
                }

                if (i % 1000 == 0)
                {
                    progress?.Report(i);
                }
            }
        }

        files.Add(customersPath);
        int stubCustomers = 0, stubProducts = 0, newCustomers = 0;
        if (options.Messy)
        {
            var person = people.Next(1, false);
            var year = end.Year;
            var date = new DateOnly(year, Math.Min(end.Month, 3), 14);
            var riesling = products.First(p => p.Article.StartsWith("RIE-", StringComparison.Ordinal));
            var cremant = products.First(p => p.Article == "CRE-BRUT");
            // A customer missing from the customers export, and a product missing from the catalogue: stubs.
            var stub = person with { Code = "C99999", Email = "nouveau.client@example.fr", PostalCode = "68000", City = "Colmar" };
            sales.Write(date, SalesLine(stub, date, riesling.Label, riesling, 6, "FACTURE", "FA-STUB-1"));
            stubCustomers = 1;
            sales.Write(date, SalesLine(person, date, "Coffret cadeau 3 bouteilles", riesling with { Article = "COFFRET-3", PriceTtc = 39m }, 1, "FACTURE", "FA-STUB-2"));
            stubProducts = 1;
            // A label whose UTF-8 bytes went through cp1252 ("CrÃ©mant"), and the same wine twice in one document.
            var mojibake = MojibakeRepair.Windows1252.GetString(Encoding.UTF8.GetBytes(cremant.Label));
            var twice = SalesLine(person, date, mojibake, cremant, 6, "FACTURE", "FA-TWICE-1");
            sales.Write(date, twice);
            sales.Write(date, twice);
            // Rows that must be quarantined.
            sales.Write(date, SalesLine(person with { Code = " " }, date, riesling.Label, riesling, 6, "FACTURE", "FA-BAD-1"));
            sales.WriteRaw(date, SalesLine(person, date, riesling.Label, riesling, 6, "FACTURE", "FA-BAD-2").Replace(date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), "31/02/" + year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
            sales.WriteRaw(date, SalesLine(person, date, riesling.Label, riesling, 6, "FACTURE", "FA-BAD-3").Replace(";6;", ";abc;", StringComparison.Ordinal));
            sales.Rejected = 3;
            var xlsx = Path.Combine(outputDir, "clients", $"clients_nouveaux_{stamp}.xlsx");
            newCustomers = NewCustomersWorkbook.Write(xlsx, people, options.Customers);
            files.Add(xlsx);
        }

        await sales.DisposeAsync();
        if (transactions is not null)
        {
            await transactions.DisposeAsync();
        }

        files.AddRange(sales.Paths);
        var optional = options.StockAndContacts
            ? StockAndContacts.Write(outputDir, products, options.Customers, end, options.Seed, options.Messy)
            : new StockAndContactsCounts([], 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        files.AddRange(optional.Files);
        stubCustomers += optional.StubCustomers;
        var expected = new ExpectedCounts(
            sales.Rows,
            sales.Rejected,
            stubCustomers,
            stubProducts,
            sales.Duplicates,
            options.Customers + newCustomers + stubCustomers,
            products.Count + stubProducts,
            sales.Rows - sales.Rejected - sales.Duplicates,
            optional.StockRowsRead,
            optional.StockRowsRejected,
            optional.StockSnapshots,
            optional.StockArticles,
            optional.SoldOutArticles,
            optional.ContactsRowsRead,
            optional.ContactsRowsRejected,
            optional.DuplicateContacts,
            optional.Contacts);
        return new GeneratorSummary(files, expected);
    }

    private static string SalesLine(Person person, DateOnly date, string label, GeneratedProduct product, int quantity, string type, string number)
    {
        var unitHt = Math.Round(product.PriceTtc / 1.2m, 2);
        var ht = unitHt * quantity;
        var ttc = Math.Round(ht * 1.2m, 2);
        return string.Join(';', person.Code, date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), label, quantity.ToString(CultureInfo.InvariantCulture),
            unitHt.ToString("0.00", French), ht.ToString("0.00", French), ttc.ToString("0.00", French), Math.Round(ht * 0.35m, 2).ToString("0.00", French),
            type, number, product.Article, person.Email, person.PostalCode, person.City);
    }

    internal static StreamWriter Writer(string path, bool utf8 = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new StreamWriter(path, false, utf8 ? new UTF8Encoding(false) : MojibakeRepair.Windows1252, 1 << 16) { NewLine = "\r\n" };
    }

    /// <summary>One sales file per year; with messiness, Oct–Dec of a year is exported again in the next year's
    /// file (the overlapping exports the ERP produces).</summary>
    private sealed class SalesWriters(string outputDir, int firstYear, int lastYear, bool overlap) : IAsyncDisposable
    {
        private readonly Dictionary<int, StreamWriter> _writers = [];

        public List<string> Paths { get; } = [];

        public int Rows { get; private set; }

        public int Duplicates { get; private set; }

        public int Rejected { get; set; }

        public void Write(DateOnly date, string line)
        {
            WriteRaw(date, line);
            if (overlap && date.Month >= 10 && date.Year < lastYear)
            {
                Get(date.Year + 1).WriteLine(line);
                Rows++;
                Duplicates++;
            }
        }

        public void WriteRaw(DateOnly date, string line)
        {
            Get(date.Year).WriteLine(line);
            Rows++;
        }

        private StreamWriter Get(int year)
        {
            year = Math.Clamp(year, firstYear, lastYear);
            if (!_writers.TryGetValue(year, out var writer))
            {
                var path = Path.Combine(outputDir, "ventes_lignes", $"ventes_lignes_{year.ToString(CultureInfo.InvariantCulture)}.csv");
                writer = Writer(path);
                writer.WriteLine(SalesHeader);
                _writers[year] = writer;
                Paths.Add(path);
            }

            return writer;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var writer in _writers.Values)
            {
                await writer.DisposeAsync();
            }
        }
    }

    /// <summary>One customer's purchases over time.</summary>
    private sealed class Shopper(Random random, Shelf shelf, DateOnly start, DateOnly end, int basket)
    {
        // The weights of the wines on sale in a year for this customer (they depend on the year only through what
        // is on sale): computed once per year instead of once per line, which matters with thousands of products.
        private readonly Dictionary<int, (GeneratedProduct[] Candidates, double[] Weights, double Total)> _picks = [];

        public IEnumerable<(DateOnly Date, bool IsCreditNote, List<(GeneratedProduct Product, int Quantity)> Lines)> Orders()
        {
            // Heterogeneity as in BG/NBD: purchase rate ~ Gamma(2, 0.9)/year, dropout after an order ~ Beta(1, 5).
            var rate = Gamma(2, 0.9) + 0.1;
            var dropout = Beta(1, 5);
            var varieties = shelf.Varieties;
            var favourites = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => varieties[random.Next(varieties.Count)]).ToHashSet(StringComparer.Ordinal);
            var premium = random.NextDouble();
            var bought = new List<GeneratedProduct>();
            var span = end.DayNumber - start.DayNumber;
            var day = (double)start.DayNumber + (random.NextDouble() * span * 0.9);
            var maxWeight = MonthWeight.Max();
            var first = true;
            while (true)
            {
                if (!first)
                {
                    // Thinning: a Poisson process at the peak rate, kept with the month's weight.
                    day += -Math.Log(1 - random.NextDouble()) * 365.0 / (rate * maxWeight / 1.16);
                }

                if (day >= end.DayNumber)
                {
                    yield break;
                }

                var date = DateOnly.FromDayNumber((int)day);
                if (!first && random.NextDouble() > MonthWeight[date.Month - 1] / maxWeight)
                {
                    continue;
                }

                first = false;
                var lines = new List<(GeneratedProduct, int)>();
                var count = (1 + (random.NextDouble() < 0.5 ? 0 : random.Next(1, 4))) * basket;
                for (var i = 0; i < count; i++)
                {
                    var product = bought.Count > 0 && random.NextDouble() < 0.45
                        ? SameWine(date, bought[random.Next(bought.Count)])
                        : Pick(date, favourites, premium);
                    if (lines.Any(l => l.Item1.Article == product.Article))
                    {
                        continue;
                    }

                    lines.Add((product, Quantity(product)));
                    bought.Add(product);
                    foreach (var (anchor, partner) in Catalogue.Bundles)
                    {
                        if (product.Article.StartsWith(anchor + "-", StringComparison.Ordinal) || product.Article == anchor)
                        {
                            if (random.NextDouble() < 0.6 && Latest(partner, date) is { } other && lines.All(l => l.Item1.Article != other.Article))
                            {
                                lines.Add((other, Quantity(other)));
                                bought.Add(other);
                            }
                        }
                    }
                }

                yield return (date, false, lines);
                if (random.NextDouble() < 0.01)
                {
                    var returned = lines[0];
                    var when = date.AddDays(random.Next(5, 20));
                    if (when < end)
                    {
                        yield return (when, true, [(returned.Item1, -Math.Min(returned.Item2, 1 + random.Next(2)))]);
                    }
                }

                if (random.NextDouble() < dropout)
                {
                    yield break; // this customer stops buying
                }
            }
        }

        private GeneratedProduct Pick(DateOnly date, HashSet<string> favourites, double premium)
        {
            if (!_picks.TryGetValue(date.Year, out var pick))
            {
                var onSale = shelf.OnSale(date.Year);
                var w = onSale.Select(p => p.Popularity
                    * (favourites.Contains(p.Variety) ? 6 : 1)
                    * (p.Tier is "Grand Cru" or "Prestige" ? premium * 2 : 1)).ToArray();
                pick = (onSale, w, w.Sum());
                _picks[date.Year] = pick;
            }

            var (candidates, weights, total) = pick;
            var x = random.NextDouble() * total;
            for (var i = 0; i < candidates.Length; i++)
            {
                x -= weights[i];
                if (x <= 0)
                {
                    return candidates[i];
                }
            }

            return candidates[^1];
        }

        /// <summary>The same wine in a vintage on sale at that date (people rebuy the wine, not the year).</summary>
        private GeneratedProduct SameWine(DateOnly date, GeneratedProduct previous) => Latest(Shelf.WineCode(previous), date) ?? previous;

        private GeneratedProduct? Latest(string wine, DateOnly date) => shelf.Latest(wine, date.Year);

        private int Quantity(GeneratedProduct product)
        {
            if (product.PriceTtc > 40)
            {
                return 1;
            }

            var x = random.NextDouble();
            return x < 0.35 ? 6 : x < 0.45 ? 12 : 1 + random.Next(3);
        }

        private double Gamma(double shape, double scale)
        {
            // Marsaglia–Tsang, shape >= 1.
            var d = shape - (1.0 / 3);
            var c = 1 / Math.Sqrt(9 * d);
            while (true)
            {
                double x, v;
                do
                {
                    x = Normal();
                    v = 1 + (c * x);
                }
                while (v <= 0);

                v = v * v * v;
                var u = random.NextDouble();
                if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
                {
                    return d * v * scale;
                }
            }
        }

        private double Beta(double a, double b)
        {
            var x = Gamma(a, 1);
            var y = Gamma(b, 1);
            return x / (x + y);
        }

        private double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
