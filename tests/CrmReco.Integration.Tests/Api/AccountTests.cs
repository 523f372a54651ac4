using CrmReco.Core.Accounts;
using CrmReco.Core.Storage;
using CrmReco.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace CrmReco.Integration.Tests.Api;

/// <summary>Logins and API keys as stored, and the `crmreco user` / `crmreco apikey` verbs.</summary>
public sealed class AccountTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ApiKey_RevokedByAnotherProcess_StopsWorkingAfterTheCacheTime(string provider)
    {
        var connection = TestDatabases.New(provider);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        var store = TestServices.Get<AccountStore>(connection, time);
        var (info, key) = await store.CreateApiKeyAsync("mailing", Roles.Marketing, "tests");
        Assert.Equal(info.Id, (await store.FindActiveApiKeyAsync(key))!.Id);
        Assert.Null(await store.FindActiveApiKeyAsync(key + "x"));

        // Another process revokes it straight in the database.
        await RevokeBehindTheStoresBackAsync(connection, info.Id);
        time.Advance(AccountStore.KeyCacheTime - TimeSpan.FromSeconds(1));
        Assert.NotNull(await store.FindActiveApiKeyAsync(key));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await store.FindActiveApiKeyAsync(key));
        Assert.NotNull((await store.ListApiKeysAsync()).Single().LastUsedAt);
    }

    private static async Task RevokeBehindTheStoresBackAsync(string connection, long id)
    {
        if (CrmDatabase.ProviderOf(connection) == DatabaseProvider.Sqlite)
        {
            await using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection(connection);
            await sqlite.OpenAsync();
            await using var command = sqlite.CreateCommand();
            command.CommandText = $"UPDATE api_keys SET revoked_at = '2026-11-02 09:00:00+00:00' WHERE id = {id}";
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            await using var pg = new NpgsqlConnection(connection);
            await pg.OpenAsync();
            await using var command = new NpgsqlCommand($"UPDATE api_keys SET revoked_at = now() WHERE id = {id}", pg);
            await command.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task UserAdd_CreatesThenResets_AndTheHashVerifies()
    {
        var connection = TestDatabases.NewSqlite();
        var created = await CliRunner.RunAsync("user", "add", "Admin@Domaine.fr", "--role", "admin", "--password", "premier-mot-de-passe", "--db", connection, "--lang", "en");
        Assert.Equal(0, created.ExitCode);
        Assert.Contains("created", created.StdOut, StringComparison.Ordinal);
        var reset = await CliRunner.RunAsync("user", "add", "admin@domaine.fr", "--role", "marketing", "--db", connection, "--lang", "en");
        Assert.Equal(0, reset.ExitCode);
        var generated = reset.StdOut.Split("Password (shown once): ")[1].Trim();

        var user = await TestServices.Get<AccountStore>(connection).FindUserAsync("ADMIN@domaine.fr");
        Assert.Equal("marketing", user!.Role);
        var hasher = new PasswordHasher<UserAccount>();
        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(user, user.PasswordHash, generated));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(user, user.PasswordHash, "premier-mot-de-passe"));

        Assert.Equal(2, (await CliRunner.RunAsync("user", "add", "someone", "--db", connection)).ExitCode);
        Assert.Equal(2, (await CliRunner.RunAsync("user", "add", "a@b.fr", "--role", "boss", "--db", connection)).ExitCode);
        Assert.Equal(2, (await CliRunner.RunAsync("user", "add", "a@b.fr", "--password", "court", "--db", connection)).ExitCode);
    }

    [Fact]
    public async Task ApiKeyVerbs_AddListRevoke()
    {
        var connection = TestDatabases.NewSqlite();
        var added = await CliRunner.RunAsync("apikey", "add", "export mailing", "--role", "marketing", "--db", connection);
        Assert.Equal(0, added.ExitCode);
        var key = added.StdOut.Trim();
        Assert.StartsWith("crk_", key, StringComparison.Ordinal);
        var info = await TestServices.Get<AccountStore>(connection).FindActiveApiKeyAsync(key);
        Assert.Equal("marketing", info!.Role);

        var list = await CliRunner.RunAsync("apikey", "list", "--db", connection);
        Assert.Contains("export mailing", list.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list.StdOut, StringComparison.Ordinal);

        Assert.Equal(0, (await CliRunner.RunAsync("apikey", "revoke", info.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", connection)).ExitCode);
        Assert.Null(await TestServices.Another<AccountStore>(connection).FindActiveApiKeyAsync(key));
        Assert.Equal(1, (await CliRunner.RunAsync("apikey", "revoke", "999", "--db", connection)).ExitCode);
    }
}
