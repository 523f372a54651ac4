using CrmReco.Core.Storage;

namespace CrmReco.Core.Accounts;

/// <summary>How failed logins slow down one (account, client address) pair: <see cref="FreeFailures"/> failures
/// cost nothing, each one after that blocks the pair for <see cref="FirstDelay"/>, doubled at each further failure
/// up to <see cref="MaxDelay"/>; a pair quiet for <see cref="Forget"/> starts again from zero.</summary>
public sealed record LoginBackoff(int FreeFailures, TimeSpan FirstDelay, TimeSpan MaxDelay, TimeSpan Forget)
{
    /// <summary>The block after the <paramref name="failures"/>-th failure in a row, if any.</summary>
    public TimeSpan? DelayAfter(int failures)
    {
        if (failures < FreeFailures)
        {
            return null;
        }

        var doublings = Math.Min(failures - FreeFailures, 30);
        var delay = FirstDelay * Math.Pow(2, doublings);
        return delay < MaxDelay ? delay : MaxDelay;
    }
}

/// <summary>The login throttle: failures counted per (account as typed, client address), whether the account
/// exists or not, so the answer never tells them apart and a stranger only ever slows himself down.</summary>
public sealed partial class AccountStore
{
    /// <summary>Longest account name kept in the throttle (longer ones are cut: no row grows with the input).</summary>
    public const int MaxThrottledAccountLength = 320;

    /// <summary>Until when this pair must wait before its next attempt is even checked; null when it may try now.</summary>
    public async Task<DateTimeOffset?> LoginBlockedUntilAsync(string account, string address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(address);
        var now = _time.GetUtcNow();
        var rows = await _database.QueryAsync("SELECT blocked_until FROM login_throttle WHERE account = @a AND address = @ip", r => r.Time(0), cancellationToken,
            ("a", ThrottleKey(account)), ("ip", address));
        return rows.Count == 1 && rows[0] is { } until && until > now ? until : null;
    }

    /// <summary>Counts a failed login of the pair; returns the end of the block it now starts, if any.</summary>
    public async Task<DateTimeOffset?> RecordLoginFailureAsync(string account, string address, LoginBackoff backoff, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(backoff);
        var key = ThrottleKey(account);
        var now = _time.GetUtcNow();
        await using var connection = await _database.OpenAsync(cancellationToken);
        // Pairs quiet for long enough are forgotten; the table only holds recent failures.
        var keep = backoff.Forget > backoff.MaxDelay ? backoff.Forget : backoff.MaxDelay;
        await SqlDatabase.ExecuteAsync(connection, null, "DELETE FROM login_throttle WHERE last_failure_at < @cutoff", cancellationToken, ("cutoff", now - keep));
        var previous = await SqlReading.QueryAsync(connection, null, "SELECT failures, last_failure_at FROM login_throttle WHERE account = @a AND address = @ip",
            r => (Failures: r.Int(0), Last: r.Time(1)!.Value), cancellationToken, ("a", key), ("ip", address));
        var failures = previous.Count == 1 && now - previous[0].Last < backoff.Forget ? previous[0].Failures + 1 : 1;
        DateTimeOffset? until = backoff.DelayAfter(failures) is { } delay ? now + delay : null;
        await SqlDatabase.ExecuteAsync(connection, null,
            """
            INSERT INTO login_throttle (account, address, failures, last_failure_at, blocked_until) VALUES (@a, @ip, @n, @now, @until)
            ON CONFLICT (account, address) DO UPDATE SET failures = @n, last_failure_at = @now, blocked_until = @until
            """,
            cancellationToken, ("a", key), ("ip", address), ("n", failures), ("now", now), ("until", until));
        return until;
    }

    /// <summary>A successful login clears its pair's failures.</summary>
    public async Task ClearLoginFailuresAsync(string account, string address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(address);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await SqlDatabase.ExecuteAsync(connection, null, "DELETE FROM login_throttle WHERE account = @a AND address = @ip", cancellationToken,
            ("a", ThrottleKey(account)), ("ip", address));
    }

    private static string ThrottleKey(string account)
    {
        var normalized = NormalizeEmail(account);
        return normalized.Length > MaxThrottledAccountLength ? normalized[..MaxThrottledAccountLength] : normalized;
    }
}
