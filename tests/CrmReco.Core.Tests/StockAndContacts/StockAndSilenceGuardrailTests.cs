using CrmReco.Core.Import;
using CrmReco.Core.Recommendations;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Tests.StockAndContacts;

/// <summary>product_available with stock snapshots and silence_window with contacts, through the engine.</summary>
public sealed class StockAndSilenceGuardrailTests
{
    private static readonly DateOnly AsOf = new(2026, 10, 31);
    private static readonly string[] Wines = ["RIE-2022", "GEW-2022", "PG-2022", "PN-2021", "CRE-BRUT", "CRE-ROSE"];

    /// <summary>Everyone bought two wines long ago; every wine is popular enough to be a candidate.</summary>
    private static List<Transaction> History()
    {
        var lines = new List<Transaction>();
        for (var c = 0; c < 40; c++)
        {
            var date = AsOf.AddDays(-200 - c);
            lines.Add(new Transaction("C" + c, "O" + c, date, Wines[c % Wines.Length], 6, 60));
            lines.Add(new Transaction("C" + c, "O" + c, date, Wines[(c + 1) % Wines.Length], 6, 60));
        }

        return lines;
    }

    private static RecommendationRun Run(IReadOnlyList<CustomerInfo> customers, Func<string, StockRecord?> stock, GuardrailOptions? guardrails = null, Func<string, bool>? isStub = null)
    {
        var catalogue = Wines.Select(w => new CatalogueItem(w, "Vin " + w, w.Split('-')[0], RecommendationEngine.WineKeyOf(w), 10, !(isStub?.Invoke(w) ?? false), Stock: stock(w))).ToList();
        return RecommendationEngine.Run(History(), catalogue, customers, null, new RecommendationEngineOptions(AsOf, K: 6, Guardrails: guardrails));
    }

    private static StockRecord Level(string article, decimal total, decimal reserved) => new(article, AsOf, total, reserved);

    [Fact]
    public void Run_SoldOutInTheLatestSnapshot_IsRemovedWithWhatTheSnapshotSaid()
    {
        var run = Run([new CustomerInfo("C1", true, null)], w => w switch
        {
            "CRE-BRUT" => Level(w, 24, 24),
            "PG-2022" => Level(w, 0, 0),
            _ => Level(w, 100, 5),
        });

        var items = run.Customers.Single().Items.Select(i => i.ProductId).ToList();
        Assert.DoesNotContain("CRE-BRUT", items);
        Assert.DoesNotContain("PG-2022", items);
        Assert.Contains("GEW-2022", items);
        var removal = Assert.Single(run.Removed, r => r.ProductId == "CRE-BRUT");
        Assert.Equal("product_available", removal.Rule);
        Assert.Equal("sold out: 0 available (24 in stock, 24 reserved) on 2026-10-31", removal.Detail);
        Assert.Contains(run.Removed, r => r.ProductId == "PG-2022" && r.Rule == "product_available");
    }

    [Fact]
    public void Run_NoSnapshot_KeepsTheStubRuleAndASnapshotOverridesIt()
    {
        var run = Run(
            [new CustomerInfo("C1", true, null)],
            w => w == "CRE-ROSE" ? Level(w, 12, 0) : null,
            isStub: w => w is "CRE-ROSE" or "PN-2021");

        var items = run.Customers.Single().Items.Select(i => i.ProductId).ToList();
        Assert.Contains("CRE-ROSE", items); // a stub, but the stock says it can be sold
        Assert.DoesNotContain("PN-2021", items);
        var removal = Assert.Single(run.Removed, r => r.ProductId == "PN-2021");
        Assert.Equal("product_available", removal.Rule);
        Assert.Contains("stub", removal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ContactInsideTheWindow_MarksTheCustomerUntilTheWindowEndsAndRecordsTheContact()
    {
        var contacts = new Dictionary<string, DateOnly> { [ContactChannels.Email] = AsOf.AddDays(-5) };
        var run = Run([new CustomerInfo("C1", true, AsOf.AddDays(-5), contacts), new CustomerInfo("C2", true, AsOf.AddDays(-14), contacts)], _ => null);

        var c1 = run.Customers.Single(c => c.CustomerId == "C1");
        Assert.NotEmpty(c1.Items); // the recommendations stay: only an email cannot carry them now
        Assert.Equal(new EmailBlock("silence_window", new DateOnly(2026, 11, 9), "last contact on 2026-10-26, 5 days before 2026-10-31 (window 14 days)"), c1.EmailBlock);
        Assert.Null(run.Customers.Single(c => c.CustomerId == "C2").EmailBlock); // 14 days ago: the window is over
        Assert.DoesNotContain(run.Removed, r => r.Rule == "silence_window");
    }

    [Fact]
    public void Run_ContactAfterAsOf_MarksTheCustomerUntilThatContactPlusTheWindow()
    {
        var run = Run([new CustomerInfo("C1", true, AsOf.AddDays(2))], _ => null);

        var block = run.Customers.Single().EmailBlock!;
        Assert.Equal(AsOf.AddDays(16), block.Until);
        Assert.Equal("last contact on 2026-11-02, after 2026-10-31 (window 14 days)", block.Detail);
    }

    [Fact]
    public void Run_SmsOnlyContact_BlocksEmailUnderAnyChannelButNotUnderEmailOnly()
    {
        var sms = new Dictionary<string, DateOnly> { [ContactChannels.Sms] = AsOf.AddDays(-2) };
        CustomerInfo[] customers = [new CustomerInfo("C1", true, AsOf.AddDays(-2), sms)];

        var any = Run(customers, _ => null);
        var emailOnly = Run(customers, _ => null, new GuardrailOptions(SilenceChannels: SilenceChannels.Email));
        var longerWindow = Run([new CustomerInfo("C1", true, AsOf.AddDays(-20), sms)], _ => null, new GuardrailOptions(SilenceDays: 30));

        Assert.Equal(AsOf.AddDays(12), any.Customers.Single().EmailBlock?.Until);
        Assert.Null(emailOnly.Customers.Single().EmailBlock);
        Assert.Equal(AsOf.AddDays(10), longerWindow.Customers.Single().EmailBlock?.Until);
        Assert.Equal(any.Customers.Single().Items.Select(i => (i.ProductId, i.Score)), emailOnly.Customers.Single().Items.Select(i => (i.ProductId, i.Score)));
    }

    [Fact]
    public void Customers_LastContacts_GiveTheLatestOverallAndPerChannel()
    {
        var customers = RecommendationInputs.Customers(
            [new Storage.CustomerRow { Code = "C1", EmailValid = true }, new Storage.CustomerRow { Code = "C2", EmailValid = true, IsStub = true }],
            [new Storage.LastContact("C1", ContactChannels.Email, AsOf.AddDays(-30)), new Storage.LastContact("C1", ContactChannels.Sms, AsOf.AddDays(-3))]);

        var c1 = customers.Single(c => c.CustomerId == "C1");
        Assert.Equal(AsOf.AddDays(-3), c1.LastContact);
        Assert.Equal(AsOf.AddDays(-30), c1.LastContactByChannel![ContactChannels.Email]);
        Assert.True(c1.Emailable);
        var c2 = customers.Single(c => c.CustomerId == "C2");
        Assert.Null(c2.LastContact);
        Assert.False(c2.Emailable);
    }
}
