using System.Globalization;

namespace CrmReco.Core.Generation;

/// <summary>What the optional exports hold, for <see cref="ExpectedCounts"/>.</summary>
internal sealed record StockAndContactsCounts(
    IReadOnlyList<string> Files,
    int StockRowsRead,
    int StockRowsRejected,
    int StockSnapshots,
    int StockArticles,
    int SoldOutArticles,
    int ContactsRowsRead,
    int ContactsRowsRejected,
    int DuplicateContacts,
    int Contacts,
    int StubCustomers);

/// <summary>
/// The optional exports: two stock snapshots (a month before the end without a date column, and at the end with
/// one; Windows-1252 like the ERP) and two overlapping contacts exports of the emailing tool (UTF-8, a time in the
/// date). Drawn from their own seeded random, after everything else, so the core exports stay byte-identical.
/// </summary>
internal static class StockAndContacts
{
    public const string StockHeader = "Code article;Désignation;Stock total;Réservé;Date stock";
    public const string OlderStockHeader = "Code article;Désignation;Stock;Réservé";
    public const string ContactsHeader = "Code client;Date contact;Canal;Statut;Campagne";

    /// <summary>Sold out in the latest snapshot (in stock a month before): the guardrail must remove them.</summary>
    public static readonly string[] SoldOut = ["CRE-BRUT", "GEW-2023"];

    /// <summary>Sold out a month before, restocked since: the latest snapshot wins.</summary>
    public const string Restocked = "PB-2023";

    /// <summary>An article the catalogue does not list (tasting glasses): kept in stock, never a product stub.</summary>
    public const string NotInCatalogue = "VERRE-INAO";

    public static StockAndContactsCounts Write(string outputDir, IReadOnlyList<GeneratedProduct> products, int customers, DateOnly end, int seed, bool messy)
    {
        var random = new Random(unchecked((seed * 7919) + 17));
        var files = new List<string>();
        var folder = Path.Combine(outputDir, "stock");
        var month = end.AddDays(-30);
        var older = Path.Combine(folder, $"stock_{month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv");
        var stockRows = 0;
        using (var writer = EstateGenerator.Writer(older))
        {
            writer.WriteLine(OlderStockHeader);
            foreach (var p in products)
            {
                var (total, reserved) = p.Article == Restocked ? (6, 6) : Level(random);
                writer.WriteLine(string.Join(';', p.Article, p.Label, N(total), N(reserved)));
                stockRows++;
            }
        }

        files.Add(older);
        var latest = Path.Combine(folder, $"stock_{end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv");
        var stockRejected = 0;
        var endText = end.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        using (var writer = EstateGenerator.Writer(latest))
        {
            writer.WriteLine(StockHeader);
            foreach (var p in products)
            {
                var (total, reserved) = p.Article switch
                {
                    "CRE-BRUT" => (24, 24), // everything left is promised to orders
                    "GEW-2023" => (0, 0),
                    _ => Level(random),
                };
                writer.WriteLine(string.Join(';', p.Article, p.Label, N(total), N(reserved), endText));
                stockRows++;
            }

            writer.WriteLine(string.Join(';', NotInCatalogue, "Verres INAO (carton de 6)", "1 200", string.Empty, endText));
            stockRows++;
            if (messy)
            {
                writer.WriteLine(string.Join(';', string.Empty, "Ligne sans article", "12", "0", endText));
                writer.WriteLine(string.Join(';', products[0].Article, products[0].Label, "n/a", "0", endText));
                writer.WriteLine(string.Join(';', products[1].Article, products[1].Label, "12", "0", "31/11/" + end.Year.ToString(CultureInfo.InvariantCulture)));
                stockRows += 3;
                stockRejected = 3;
            }
        }

        files.Add(latest);
        var (contactFiles, read, rejected, duplicates, stubs) = WriteContacts(outputDir, customers, end, random, messy);
        files.AddRange(contactFiles);
        return new StockAndContactsCounts(
            files, stockRows, stockRejected, (2 * products.Count) + 1, products.Count + 1, SoldOut.Length,
            read, rejected, duplicates, read - rejected - duplicates, stubs);
    }

    private static (List<string> Files, int Read, int Rejected, int Duplicates, int Stubs) WriteContacts(string outputDir, int customers, DateOnly end, Random random, bool messy)
    {
        // Newsletters by email, a fair announced by SMS, a few phone calls. The export of a month ago and today's
        // overlap on the campaign of 40 days ago (the same rows, counted as duplicates).
        var campaigns = new (string Id, int DaysBefore, string Channel, double Reach, bool InOlder, bool InLatest)[]
        {
            ($"NL-{end.AddDays(-70):yyyy-MM}", 70, "E-mail", 0.6, true, false),
            ($"NL-{end.AddDays(-40):yyyy-MM}", 40, "E-mail", 0.6, true, true),
            ("SMS-FOIRE-" + end.Year.ToString(CultureInfo.InvariantCulture), 9, "SMS", 0.1, false, true),
            ($"RELANCE-{end.AddDays(-4):yyyy-MM}", 4, "E-mail", 0.25, false, true),
        };
        var folder = Path.Combine(outputDir, "contacts");
        var olderPath = Path.Combine(folder, $"contacts_{end.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv");
        var latestPath = Path.Combine(folder, $"contacts_{end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv");
        int read = 0, duplicates = 0, rejected = 0, stubs = 0;
        using (var olderWriter = EstateGenerator.Writer(olderPath, utf8: true))
        using (var latestWriter = EstateGenerator.Writer(latestPath, utf8: true))
        {
            olderWriter.WriteLine(ContactsHeader);
            latestWriter.WriteLine(ContactsHeader);
            foreach (var (id, daysBefore, channel, reach, inOlder, inLatest) in campaigns)
            {
                var when = end.AddDays(-daysBefore).ToDateTime(new TimeOnly(9, 30));
                for (var i = 1; i <= customers; i++)
                {
                    if (random.NextDouble() >= reach)
                    {
                        continue;
                    }

                    var line = string.Join(';', Code(i), when.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture), channel, Status(random, channel), id);
                    if (inOlder)
                    {
                        olderWriter.WriteLine(line);
                        read++;
                    }

                    if (inLatest)
                    {
                        latestWriter.WriteLine(line);
                        read++;
                        duplicates += inOlder ? 1 : 0;
                    }
                }
            }

            for (var i = 1; i <= customers; i++)
            {
                if (random.NextDouble() < 0.03)
                {
                    var day = end.AddDays(-random.Next(0, 25));
                    latestWriter.WriteLine(string.Join(';', Code(i), day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), "Téléphone", random.Next(3) == 0 ? "Injoignable" : "Joint", string.Empty));
                    read++;
                }
            }

            if (messy)
            {
                var day = end.AddDays(-2).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
                // A contact of a customer the customers export lacks (a stub), and three rows to quarantine.
                latestWriter.WriteLine(string.Join(';', "C99998", day, "E-mail", "Envoyé", "BIENVENUE"));
                latestWriter.WriteLine(string.Join(';', string.Empty, day, "E-mail", "Envoyé", "BIENVENUE"));
                latestWriter.WriteLine(string.Join(';', Code(1), "32/10/" + end.Year.ToString(CultureInfo.InvariantCulture), "E-mail", "Envoyé", "BIENVENUE"));
                latestWriter.WriteLine(string.Join(';', Code(2), day, "Pigeon voyageur", "Envoyé", "BIENVENUE"));
                read += 4;
                rejected = 3;
                stubs = 1;
            }
        }

        return ([olderPath, latestPath], read, rejected, duplicates, stubs);
    }

    private static (int Total, int Reserved) Level(Random random)
    {
        var total = random.Next(12, 600);
        return (total, random.Next(0, Math.Min(total - 1, 36)));
    }

    private static string Status(Random random, string channel)
    {
        var x = random.NextDouble();
        return channel == "SMS"
            ? (x < 0.05 ? "Échec" : "Envoyé")
            : x < 0.03 ? "Rebond" : x < 0.1 ? "Cliqué" : x < 0.3 ? "Ouvert" : "Envoyé";
    }

    private static string Code(int index) => $"C{index.ToString("00000", CultureInfo.InvariantCulture)}";

    private static string N(int value) => value.ToString("#,0", CultureInfo.GetCultureInfo("fr-FR")).Replace('\u202f', ' ').Replace('\u00a0', ' ');
}
