using System.Globalization;

namespace CrmReco.Core.Generation;

/// <summary>A generated customer, as the customers export writes it.</summary>
internal sealed record Person(string Code, string LastName, string FirstName, string Email, string Phone, string Address, string PostalCode, string City, string Country)
{
    public string CsvLine() => string.Join(';', Code, LastName, FirstName, Email, Phone, Address, PostalCode, City, Country);
}

/// <summary>French-looking customers, with the defects of hand-kept files when asked.</summary>
internal sealed class People(Random random)
{
    private static readonly string[] LastNames =
    [
        "Muller", "Schmitt", "Meyer", "Weber", "Klein", "Martin", "Bernard", "Dubois", "Durand", "Lefebvre", "Moreau", "Laurent",
        "Simon", "Michel", "Garcia", "Roux", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
        "Schneider", "Fischer", "Wagner", "Becker", "Hoffmann", "Kieffer", "Zimmermann", "Hartmann", "Baumann", "Keller", "Koenig",
    ];

    private static readonly string[] FirstNames =
    [
        "Jean", "Marie", "Pierre", "Anne", "Michel", "Catherine", "Philippe", "Isabelle", "Nicolas", "Sophie", "Thomas", "Julie",
        "Laurent", "Claire", "François", "Hélène", "Jérôme", "Céline", "Stéphane", "Émilie", "André", "Monique", "Luc", "Agnès",
    ];

    private static readonly (string PostalCode, string City, double Weight)[] Places =
    [
        ("67000", "Strasbourg", 5), ("68000", "Colmar", 4), ("67150", "Erstein", 1), ("68150", "Ribeauvillé", 1), ("67210", "Obernai", 1.5),
        ("68100", "Mulhouse", 2), ("67600", "Sélestat", 1.5), ("75011", "Paris", 2.5), ("69003", "Lyon", 1), ("06000", "Nice", 0.6),
        ("01000", "Bourg-en-Bresse", 0.4), ("54000", "Nancy", 1), ("57000", "Metz", 1), ("13008", "Marseille", 0.5), ("25000", "Besançon", 0.6),
    ];

    private static readonly string[] Streets = ["rue des Vignes", "rue du Château", "place de l'Église", "route du Vin", "rue des Tonneliers", "avenue de la Gare", "rue Principale"];

    public Person Next(int index, bool messy)
    {
        var last = LastNames[random.Next(LastNames.Length)];
        var first = FirstNames[random.Next(FirstNames.Length)];
        var place = WeightedPlace();
        var email = $"{Ascii(first)}.{Ascii(last)}{random.Next(100).ToString(CultureInfo.InvariantCulture)}@{(random.Next(3) switch { 0 => "orange.fr", 1 => "gmail.com", _ => "free.fr" })}";
        var digits = $"0{(random.Next(2) == 0 ? 6 : 3).ToString(CultureInfo.InvariantCulture)}{random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture)}";
        var phone = digits;
        var postal = place.PostalCode;
        if (messy)
        {
            // Hand-kept data: shouting names, stray spaces, phones in every spelling, Excel-eaten zeros, bad emails.
            if (random.Next(4) == 0) { last = last.ToUpperInvariant(); }
            if (random.Next(10) == 0) { first = " " + first + "  "; }
            phone = random.Next(4) switch
            {
                0 => string.Join(' ', Enumerable.Range(0, 5).Select(i => digits.Substring(i * 2, 2))),
                1 => string.Join('.', Enumerable.Range(0, 5).Select(i => digits.Substring(i * 2, 2))),
                2 => "+33 " + digits[1..],
                _ => digits[1..], // Excel dropped the leading zero
            };
            if (postal.StartsWith('0')) { postal = postal[1..]; }
            if (index % 40 == 0) { email = email.Replace("@", " at ", StringComparison.Ordinal); }
            if (index % 25 == 0) { email = "  " + email.ToUpperInvariant() + " "; }
        }

        var address = $"{random.Next(1, 80).ToString(CultureInfo.InvariantCulture)} {Streets[random.Next(Streets.Length)]}";
        return new Person($"C{index.ToString("00000", CultureInfo.InvariantCulture)}", last, first, email, phone, address, postal, place.City, "France");
    }

    private (string PostalCode, string City, double Weight) WeightedPlace()
    {
        var x = random.NextDouble() * Places.Sum(p => p.Weight);
        foreach (var place in Places)
        {
            x -= place.Weight;
            if (x <= 0)
            {
                return place;
            }
        }

        return Places[0];
    }

    private static string Ascii(string name) => Normalization.TextNormalizer.Key(name);
}
