using CrmReco.Core.Accounts;
using CrmReco.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace CrmReco.Integration.Tests.Api;

/// <summary>Dashboard sessions and the login throttle as stored, on both providers.</summary>
public sealed class AccountSessionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Session_EndedOrPastItsAbsoluteEnd_IsNoLongerFound(string provider)
    {
        var connection = TestDatabases.New(provider);
        var time = new FakeTimeProvider(Start);
        var store = TestServices.Get<AccountStore>(connection, time);
        var user = await NewUserAsync(store, "claire@estate.test", Roles.Marketing);

        var kept = await store.CreateSessionAsync(user.Id, TimeSpan.FromDays(7));
        var ended = await store.CreateSessionAsync(user.Id, TimeSpan.FromDays(7));
        Assert.NotEqual(kept.Id, ended.Id);
        Assert.Equal(("claire@estate.test", Roles.Marketing, Start.AddDays(7)), (kept.Email, kept.Role, kept.ExpiresAt));
        Assert.Equal(2, await store.CountSessionsAsync(user.Id));

        Assert.True(await store.EndSessionAsync(ended.Id));
        Assert.Null(await store.FindSessionAsync(ended.Id));
        Assert.False(await store.EndSessionAsync(ended.Id));
        Assert.Null(await store.FindSessionAsync("not-a-session"));

        time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        Assert.NotNull(await store.FindSessionAsync(kept.Id));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await store.FindSessionAsync(kept.Id));
        Assert.Equal(0, await store.CountSessionsAsync(user.Id));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Session_PasswordOrRoleChanged_EndsThatUsersSessionsOnly(string provider)
    {
        var connection = TestDatabases.New(provider);
        var store = TestServices.Get<AccountStore>(connection, new FakeTimeProvider(Start));
        var claire = await NewUserAsync(store, "claire@estate.test", Roles.Admin);
        var paul = await NewUserAsync(store, "paul@estate.test", Roles.Viewer);
        var claires = await store.CreateSessionAsync(claire.Id, TimeSpan.FromDays(7));
        var pauls = await store.CreateSessionAsync(paul.Id, TimeSpan.FromDays(7));
        Assert.NotNull(await store.FindSessionAsync(claires.Id)); // cached now: the change must drop it

        Assert.False(await store.UpsertUserAsync("Claire@estate.test", "another-hash", Roles.Viewer));

        Assert.Null(await store.FindSessionAsync(claires.Id));
        Assert.Equal(Roles.Viewer, (await store.FindSessionAsync(pauls.Id))!.Role);
        var fresh = await store.CreateSessionAsync(claire.Id, TimeSpan.FromDays(7));
        Assert.Equal(Roles.Viewer, (await store.FindSessionAsync(fresh.Id))!.Role);

        Assert.Equal(1, await store.EndSessionsAsync(claire.Id));
        Assert.Null(await store.FindSessionAsync(fresh.Id));
        Assert.NotNull(await store.FindSessionAsync(pauls.Id));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Session_EndedByAnotherProcess_StopsWorkingAfterTheCacheTime(string provider)
    {
        var connection = TestDatabases.New(provider);
        var time = new FakeTimeProvider(Start);
        var store = TestServices.Get<AccountStore>(connection, time);
        var user = await NewUserAsync(store, "claire@estate.test", Roles.Marketing);
        var session = await store.CreateSessionAsync(user.Id, TimeSpan.FromDays(7));

        // `crmreco user add` resets the password in another process: this one learns it within the cache time.
        Assert.False(await TestServices.Another<AccountStore>(connection).UpsertUserAsync(user.Email, "reset-hash", Roles.Marketing));
        time.Advance(AccountStore.SessionCacheTime - TimeSpan.FromSeconds(1));
        Assert.NotNull(await store.FindSessionAsync(session.Id));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await store.FindSessionAsync(session.Id));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task LoginThrottle_BacksOffPerAccountAndAddress_ThenForgets(string provider)
    {
        var connection = TestDatabases.New(provider);
        var time = new FakeTimeProvider(Start);
        var store = TestServices.Get<AccountStore>(connection, time);
        var backoff = new LoginBackoff(3, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1));
        const string Stranger = "198.51.100.9";
        const string Owner = "203.0.113.5";

        Assert.Null(await store.RecordLoginFailureAsync("Admin@estate.test", Stranger, backoff));
        Assert.Null(await store.RecordLoginFailureAsync("admin@estate.test", Stranger, backoff));
        Assert.Null(await store.LoginBlockedUntilAsync("admin@estate.test", Stranger));
        Assert.Equal(Start.AddSeconds(30), await store.RecordLoginFailureAsync("admin@estate.test ", Stranger, backoff));
        Assert.Equal(Start.AddSeconds(30), await store.LoginBlockedUntilAsync("ADMIN@estate.test", Stranger));
        // The owner at another address, and another account from the stranger's address, are not slowed down.
        Assert.Null(await store.LoginBlockedUntilAsync("admin@estate.test", Owner));
        Assert.Null(await store.LoginBlockedUntilAsync("paul@estate.test", Stranger));

        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Null(await store.LoginBlockedUntilAsync("admin@estate.test", Stranger));
        Assert.Equal(time.GetUtcNow().AddSeconds(60), await store.RecordLoginFailureAsync("admin@estate.test", Stranger, backoff));

        // An hour without failures: the count starts again.
        time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Null(await store.RecordLoginFailureAsync("admin@estate.test", Stranger, backoff));

        await store.RecordLoginFailureAsync("paul@estate.test", Owner, backoff);
        await store.RecordLoginFailureAsync("paul@estate.test", Owner, backoff);
        await store.ClearLoginFailuresAsync("paul@estate.test", Owner);
        Assert.Null(await store.RecordLoginFailureAsync("paul@estate.test", Owner, backoff));
    }

    [Fact]
    public void LoginBackoff_DoublesFromTheFirstBlockedFailure_UpToItsCap()
    {
        var backoff = new LoginBackoff(5, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1));
        Assert.Equal(
            [null, null, null, null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120), TimeSpan.FromMinutes(15)],
            new[] { 1, 2, 3, 4, 5, 6, 7, 1000 }.Select(backoff.DelayAfter).ToArray());
    }

    private static async Task<UserAccount> NewUserAsync(AccountStore store, string email, string role)
    {
        Assert.True(await store.UpsertUserAsync(email, "hash", role));
        return (await store.FindUserAsync(email))!;
    }
}
