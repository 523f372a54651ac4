using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CrmReco.Core.Import;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Tests.Mapping;

/// <summary>Keys are stored, so the key of a line must never change between versions: the fast key is checked
/// against the original formatting (interpolated strings) on lines of every shape.</summary>
public sealed class SalesLineKeyTests
{
    /// <summary>The key as first written and stored by every database so far.</summary>
    private sealed class ReferenceKey
    {
        private readonly Dictionary<string, int> _occurrences = new(StringComparer.Ordinal);

        public string Next(SalesLineRecord line)
        {
            var type = line.DocumentType == DocumentType.CreditNote ? "AVOIR" : "VENTE";
            string identity;
            if (line.LineNo is { } lineNo)
            {
                identity = string.Create(CultureInfo.InvariantCulture, $"{type}|{line.DocumentNo}|#{lineNo}");
            }
            else
            {
                var content = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{type}|{line.DocumentNo}|{line.CustomerCode}|{line.Date:yyyy-MM-dd}|{line.Article}|{line.Label}|{line.Quantity:0.####}|{line.AmountHt:0.####}|{line.AmountTtc:0.####}");
                var occurrence = _occurrences.TryGetValue(content, out var seen) ? seen + 1 : 1;
                _occurrences[content] = occurrence;
                identity = string.Create(CultureInfo.InvariantCulture, $"{content}|{occurrence}");
            }

            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity))[..16]);
        }
    }

    private static readonly decimal?[] Amounts =
    [
        null, 0m, 0.00m, -0m, -0.00m, 1m, 1.5m, 1.50m, 10m, 100m, 10.10m, -61.2m, 0.0001m, 0.00005m, 0.00015m, -0.00004m,
        1.23456m, 123456789.1234m, -987654.3210m, 79228162514264337593543950335m, -1e-28m, 12.345678901234567890m,
    ];

    private static SalesLineRecord Line(Random random, bool withLineNo)
    {
        decimal? Amount() => random.Next(3) == 0
            ? Amounts[random.Next(Amounts.Length)]
            : Math.Round((decimal)(random.NextDouble() * 2000 - 500), random.Next(0, 6));
        var label = random.Next(10) switch
        {
            0 => null,
            1 => new string('é', 700), // beyond the key's first buffer
            2 => "Gewurztraminer « Vendanges Tardives » 2019 | 75 cl",
            _ => $"Riesling {random.Next(5)}",
        };
        return new SalesLineRecord(
            $"C{random.Next(20):D4}", new DateOnly(random.Next(1, 3000), random.Next(1, 13), random.Next(1, 29)), $"F{random.Next(30)}",
            random.Next(4) == 0 ? DocumentType.CreditNote : DocumentType.Sale, withLineNo ? random.Next(-5, 1000) : null,
            random.Next(6) == 0 ? null : $"A{random.Next(10)}", label, Amount() ?? 1m, 1m, null, Amount(), Amount(), null,
            null, null, null, 1);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Next_LinesOfEveryShape_GivesTheStoredKey(bool withLineNo)
    {
        var random = new Random(withLineNo ? 1 : 2);
        using var fast = new SalesLineKey();
        var reference = new ReferenceKey();
        for (var i = 0; i < 20_000; i++)
        {
            var line = Line(random, withLineNo);
            Assert.Equal(reference.Next(line), fast.Next(line));
        }
    }

    [Fact]
    public void Next_IdenticalLinesOfADocument_AreNumberedInFileOrder()
    {
        var line = new SalesLineRecord("C1", new DateOnly(2025, 3, 1), "F1", DocumentType.Sale, null, "A1", "Riesling", 6m, 6m, 8.5m, 51m, 61.2m, null, null, null, null, 1);
        using var keys = new SalesLineKey();
        var first = keys.Next(line);
        var second = keys.Next(line);
        Assert.NotEqual(first, second);
        using var again = new SalesLineKey();
        Assert.Equal(first, again.Next(line));
        Assert.Equal(32, first.Length);
    }
}
