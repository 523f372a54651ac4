using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Cryptography;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Accounts;

/// <summary>A dashboard session as stored: its user's current email and role, and the absolute end however
/// active it is.</summary>
public sealed record UserSession(string Id, long UserId, string Email, string Role, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>Dashboard sessions: one row per login, so the cookie that carries its id can be ended on the server.</summary>
public sealed partial class AccountStore
{
    /// <summary>How long a checked session is trusted without asking the database again. A session ended through
    /// this store (logout, password or role change, "sign out everywhere" from the API) is dropped at once; one
    /// ended by another process (`crmreco user add`) stops working within this delay.</summary>
    public static readonly TimeSpan SessionCacheTime = TimeSpan.FromSeconds(30);

    private const int MaxCachedSessions = 10_000;

    // Keyed by the hash of the session id; only ids found in the table are kept, stale ones are swept past
    // MaxCachedSessions.
    private readonly ConcurrentDictionary<string, (UserSession Session, DateTimeOffset CheckedAt)> _sessions = new(StringComparer.Ordinal);

    /// <summary>Opens a session for <paramref name="userId"/> ending at the latest after <paramref name="lifetime"/>;
    /// the returned id is the secret the cookie carries (only its hash is stored).</summary>
    public async Task<UserSession> CreateSessionAsync(long userId, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var now = _time.GetUtcNow();
        await using var connection = await _database.OpenAsync(cancellationToken);
        // Expired rows go at each login, so the table holds live sessions only.
        await SqlDatabase.ExecuteAsync(connection, null, "DELETE FROM user_sessions WHERE expires_at < @now", cancellationToken, ("now", now));
        await SqlDatabase.ExecuteAsync(connection, null,
            "INSERT INTO user_sessions (id, user_id, created_at, expires_at) VALUES (@id, @u, @now, @end)", cancellationToken,
            ("id", HashKey(id)), ("u", userId), ("now", now), ("end", now + lifetime));
        var session = await FindSessionAsync(id, cancellationToken);
        return session ?? throw new InvalidOperationException($"User {userId} does not exist.");
    }

    /// <summary>The live session with this id, with its user's current role; null when it was ended, has expired,
    /// or never existed.</summary>
    public async Task<UserSession?> FindSessionAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var hash = HashKey(id);
        var now = _time.GetUtcNow();
        if (_sessions.TryGetValue(hash, out var cached) && now - cached.CheckedAt < SessionCacheTime)
        {
            return cached.Session.ExpiresAt > now ? cached.Session : null;
        }

        var rows = await _database.QueryAsync(
            """
            SELECT s.user_id, u.email, u.role, s.created_at, s.expires_at
            FROM user_sessions s JOIN users u ON u.id = s.user_id
            WHERE s.id = @id
            """,
            r => new UserSession(id, r.Long(0), r.Text(1), r.Text(2), r.Time(3)!.Value, r.Time(4)!.Value), cancellationToken, ("id", hash));
        if (rows.Count == 0 || rows[0].ExpiresAt <= now)
        {
            _sessions.TryRemove(hash, out _);
            return null;
        }

        _sessions[hash] = (rows[0], now);
        if (_sessions.Count > MaxCachedSessions)
        {
            // Sessions nobody uses any more would otherwise stay cached until the process ends.
            foreach (var (key, entry) in _sessions)
            {
                if (now - entry.CheckedAt >= SessionCacheTime)
                {
                    _sessions.TryRemove(key, out _);
                }
            }
        }

        return rows[0];
    }

    /// <summary>Ends one session (logout). Returns false when it was not live.</summary>
    public async Task<bool> EndSessionAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var hash = HashKey(id);
        _sessions.TryRemove(hash, out _);
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await SqlDatabase.ExecuteAsync(connection, null, "DELETE FROM user_sessions WHERE id = @id", cancellationToken, ("id", hash)) > 0;
    }

    /// <summary>Ends every session of a user ("sign out everywhere"). Returns how many were live.</summary>
    public async Task<int> EndSessionsAsync(long userId, CancellationToken cancellationToken = default)
    {
        ForgetSessions(userId);
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await SqlDatabase.ExecuteAsync(connection, null, "DELETE FROM user_sessions WHERE user_id = @u", cancellationToken, ("u", userId));
    }

    /// <summary>How many live sessions a user has.</summary>
    public async Task<int> CountSessionsAsync(long userId, CancellationToken cancellationToken = default) =>
        (await _database.QueryAsync("SELECT COUNT(*) FROM user_sessions WHERE user_id = @u AND expires_at > @now", r => r.Int(0), cancellationToken,
            ("u", userId), ("now", _time.GetUtcNow())))[0];

    private async Task EndUserSessionsAsync(DbConnection connection, string normalizedEmail, CancellationToken cancellationToken)
    {
        var ids = await SqlReading.QueryAsync(connection, null, "SELECT id FROM users WHERE email = @e", r => r.Long(0), cancellationToken, ("e", normalizedEmail));
        foreach (var id in ids)
        {
            ForgetSessions(id);
            await SqlDatabase.ExecuteAsync(connection, null, "DELETE FROM user_sessions WHERE user_id = @u", cancellationToken, ("u", id));
        }
    }

    private void ForgetSessions(long userId)
    {
        foreach (var (hash, entry) in _sessions)
        {
            if (entry.Session.UserId == userId)
            {
                _sessions.TryRemove(hash, out _);
            }
        }
    }
}
