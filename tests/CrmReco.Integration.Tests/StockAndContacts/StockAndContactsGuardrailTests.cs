using System.Data.Common;
using System.Text.Json;
using CrmReco.Core.Import;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CrmReco.Integration.Tests.StockAndContacts;

/// <summary>`crmreco recommend` on the imported samples: the latest stock feeds the guardrails (every removal stored
/// with what the rule saw), the contacts the email channel's silence window (a mark, not a removal).</summary>
public sealed class StockAndContactsGuardrailTests
{
    private static async Task<List<(string Customer, string Article, string Rule, string? Detail)>> RemovalsAsync(string db, long runId)
    {
        await using DbConnection connection = db.StartsWith("Data Source", StringComparison.Ordinal) ? new SqliteConnection(db) : new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT customer_code, article, rule, detail FROM guardrail_removals WHERE run_id = {runId}";
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<(string, string, string, string?)>();
        while (await reader.ReadAsync())
        {
            result.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return result;
    }

    private static List<(string Customer, string Article)> Items(JsonElement run) =>
        run.GetProperty("plans").EnumerateArray()
            .SelectMany(p => p.GetProperty("items").EnumerateArray().Select(i => (p.GetProperty("customerId").GetString()!, i.GetProperty("productId").GetString()!)))
            .ToList();

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Recommend_SoldOutInTheLatestSnapshot_IsNeverProposedAndTheRemovalSaysWhy(string provider)
    {
        var db = TestDatabases.New(provider);
        await CliRunner.RunAsync("demo", "--db", db);
        var soldOut = (await TestServices.Get<ICrmQueries>(db).LoadLatestStockAsync()).Where(s => s.Available <= 0).Select(s => s.Article).ToHashSet();
        Assert.Equal(["CRE-BRUT", "GEW-2023"], soldOut.Order());

        var run = (await CliRunner.RunAsync("recommend", "--db", db, "--json")).Json;

        Assert.DoesNotContain(Items(run), i => soldOut.Contains(i.Article));
        Assert.Contains(Items(run), i => i.Article == "PB-2023"); // sold out a month ago, restocked since
        var removals = await RemovalsAsync(db, run.GetProperty("runId").GetInt64());
        var crémant = removals.Where(r => r.Article == "CRE-BRUT").ToList();
        Assert.NotEmpty(crémant);
        Assert.All(crémant, r => Assert.Equal(("product_available", "sold out: 0 available (24 in stock, 24 reserved) on 2026-10-31"), (r.Rule, r.Detail)));
        Assert.Equal(run.GetProperty("removedByRule").GetProperty("product_available").GetInt32(), removals.Count(r => r.Rule == "product_available"));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Recommend_RecentContacts_KeepRecommendationsMarkedUntilTheWindowEndsAndEmailOnlyFreesThoseOnlyTexted(string provider)
    {
        var db = TestDatabases.New(provider);
        await CliRunner.RunAsync("demo", "--db", db);
        var queries = TestServices.Get<ICrmQueries>(db);
        var asOf = (await queries.GetStatusAsync()).LastSaleDate!.Value;
        var emailable = (await queries.ListCustomersAsync()).Where(c => c.IsEmailable).Select(c => c.Code).ToHashSet();
        var recent = (await queries.LoadLastContactsAsync()).Where(c => asOf.DayNumber - c.Date.DayNumber < 14 && emailable.Contains(c.CustomerCode)).ToList();
        var silenced = recent.GroupBy(c => c.CustomerCode).ToDictionary(g => g.Key, g => g.Max(c => c.Date).AddDays(14));
        var textedOnly = recent.GroupBy(c => c.CustomerCode).Where(g => g.All(c => c.Channel == ContactChannels.Sms)).Select(g => g.Key).ToHashSet();
        Assert.NotEmpty(textedOnly);

        var any = (await CliRunner.RunAsync("recommend", "--db", db, "--json")).Json;
        var emailOnly = (await CliRunner.RunAsync("recommend", "--db", db, "--json", "--silence-channel", "email")).Json;

        // Every silenced customer keeps their wines; the plan says until when an email cannot carry them.
        var withItems = Items(any).Select(i => i.Customer).ToHashSet();
        Assert.All(silenced.Keys, c => Assert.Contains(c, withItems));
        var blocks = Blocks(any);
        Assert.Equal(silenced.OrderBy(s => s.Key), blocks.Where(b => b.Value.Rule == "silence_window").Select(b => KeyValuePair.Create(b.Key, b.Value.Until!.Value)).OrderBy(s => s.Key));
        Assert.All(blocks.Values.Where(b => b.Rule == "silence_window"), b => Assert.StartsWith("last contact on ", b.Detail, StringComparison.Ordinal));
        Assert.Equal(silenced.Count, any.GetProperty("emailBlockedByRule").GetProperty("silence_window").GetInt32());
        var removals = await RemovalsAsync(db, any.GetProperty("runId").GetInt64());
        Assert.DoesNotContain(removals, r => r.Rule is "silence_window" or "emailable" or "not_emailable" || r.Article == "*");
        var emailed = recent.Where(c => c.Channel == ContactChannels.Email).Select(c => c.CustomerCode).ToHashSet();
        Assert.Equal(emailed.Order(), Blocks(emailOnly).Where(b => b.Value.Rule == "silence_window").Select(b => b.Key).Order());
        Assert.True(emailed.Count < silenced.Count);
        Assert.All(textedOnly, c => Assert.False(Blocks(emailOnly).ContainsKey(c)));
        Assert.Contains(Items(emailOnly), i => textedOnly.Contains(i.Customer));
    }

    private static Dictionary<string, (string Rule, DateOnly? Until, string? Detail)> Blocks(JsonElement run) =>
        run.GetProperty("plans").EnumerateArray()
            .Where(p => p.GetProperty("emailBlock").ValueKind == JsonValueKind.Object)
            .ToDictionary(
                p => p.GetProperty("customerId").GetString()!,
                p => p.GetProperty("emailBlock") is var b
                    ? (b.GetProperty("rule").GetString()!, b.GetProperty("until").ValueKind == JsonValueKind.Null ? (DateOnly?)null : DateOnly.Parse(b.GetProperty("until").GetString()!, System.Globalization.CultureInfo.InvariantCulture), b.GetProperty("detail").GetString())
                    : default);

    [Fact]
    public async Task Recommend_BadSilenceChannel_IsAUsageError()
    {
        var result = await CliRunner.RunAsync("recommend", "--db", TestDatabases.NewSqlite(), "--silence-channel", "pigeon", "--lang", "en");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--silence-channel must be any or email", result.StdErr, StringComparison.Ordinal);
    }
}
