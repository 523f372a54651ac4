using System.Security.Cryptography;
using System.Text;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Accounts;

/// <summary>The three roles, from the weakest to the strongest; a stronger role can do what a weaker one can.</summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Marketing = "marketing";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Viewer, Marketing, Admin];

    public static bool IsValid(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);

    /// <summary>The roles at least as strong as <paramref name="role"/>.</summary>
    public static string[] AtLeast(string role) => All.Skip(All.ToList().IndexOf(role)).ToArray();
}

/// <summary>A dashboard user as stored; the password hash is produced by the host (ASP.NET's PasswordHasher).</summary>
public sealed record UserAccount(long Id, string Email, string PasswordHash, string Role, int FailedLogins, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt);

/// <summary>Users, API keys, dashboard sessions, the login throttle and the audit log.</summary>
public sealed partial class AccountStore
{
    private const string UserColumns = "id, email, password_hash, role, failed_logins, locked_until, created_at, last_login_at";

    /// <summary>How long a checked key is trusted without asking the database again: scripts calling the API
    /// thousands of times a second must not cost a query and a write each. A key revoked through this store (the
    /// API) is dropped at once; one revoked by another process stops working within this delay.</summary>
    public static readonly TimeSpan KeyCacheTime = TimeSpan.FromSeconds(30);

    // One store per database and process (a singleton of the container), so a revocation is seen by every caller.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (ApiKeyInfo Info, DateTimeOffset CheckedAt)> _keys = new(StringComparer.Ordinal);
    private readonly SqlDatabase _database;
    private readonly TimeProvider _time;

    internal AccountStore(SqlDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }


    /// <summary>Creates a user, or replaces the password and role of an existing one (so a lost admin password
    /// can be reset from the command line). Returns true when the user is new.</summary>
    public async Task<bool> UpsertUserAsync(string email, string passwordHash, string role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(passwordHash);
        if (!Roles.IsValid(role))
        {
            throw new ArgumentException($"Unknown role '{role}': use {string.Join(", ", Roles.All)}.", nameof(role));
        }

        var normalized = NormalizeEmail(email);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var updated = await SqlDatabase.ExecuteAsync(connection, null,
            "UPDATE users SET password_hash = @h, role = @r, failed_logins = 0, locked_until = NULL WHERE email = @e", cancellationToken,
            ("h", passwordHash), ("r", role), ("e", normalized));
        if (updated > 0)
        {
            // A new password or role ends every session opened with the old one.
            await EndUserSessionsAsync(connection, normalized, cancellationToken);
            return false;
        }

        await SqlDatabase.ExecuteAsync(connection, null,
            "INSERT INTO users (email, password_hash, role, failed_logins, created_at) VALUES (@e, @h, @r, 0, @now)", cancellationToken,
            ("e", normalized), ("h", passwordHash), ("r", role), ("now", _time.GetUtcNow()));
        return true;
    }

    public async Task<UserAccount?> FindUserAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        var rows = await _database.QueryAsync($"SELECT {UserColumns} FROM users WHERE email = @e", ReadUser, cancellationToken, ("e", NormalizeEmail(email)));
        return rows.FirstOrDefault();
    }

    public async Task<IReadOnlyList<UserAccount>> ListUsersAsync(CancellationToken cancellationToken = default) =>
        await _database.QueryAsync($"SELECT {UserColumns} FROM users ORDER BY email", ReadUser, cancellationToken);

    public async Task RecordSuccessfulLoginAsync(long userId, string? rehashedPassword, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await SqlDatabase.ExecuteAsync(connection, null,
            "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = @now, password_hash = COALESCE(@h, password_hash) WHERE id = @id", cancellationToken,
            ("now", _time.GetUtcNow()), ("h", rehashedPassword), ("id", userId));
    }

    /// <summary>Creates an API key and returns it in clear, the only time it exists outside its holder's hands.</summary>
    public async Task<(ApiKeyInfo Info, string Key)> CreateApiKeyAsync(string name, string role, string createdBy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!Roles.IsValid(role))
        {
            throw new ArgumentException($"Unknown role '{role}': use {string.Join(", ", Roles.All)}.", nameof(role));
        }

        var key = "crk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var prefix = key[..10];
        var now = _time.GetUtcNow();
        await using var connection = await _database.OpenAsync(cancellationToken);
        var id = await SqlDatabase.ScalarAsync<long>(connection, null,
            "INSERT INTO api_keys (name, key_hash, prefix, role, created_by, created_at) VALUES (@n, @h, @p, @r, @by, @now) RETURNING id", cancellationToken,
            ("n", name.Trim()), ("h", HashKey(key)), ("p", prefix), ("r", role), ("by", createdBy), ("now", now));
        return (new ApiKeyInfo(id, name.Trim(), prefix, role, createdBy, now, null, null), key);
    }

    /// <summary>The active key with this value, if any; records its use (at most once per <see cref="KeyCacheTime"/>).</summary>
    public async Task<ApiKeyInfo?> FindActiveApiKeyAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = HashKey(key);
        var now = _time.GetUtcNow();
        if (_keys.TryGetValue(hash, out var cached) && now - cached.CheckedAt < KeyCacheTime)
        {
            return cached.Info;
        }

        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await SqlReading.QueryAsync(connection, null,
            "SELECT id, name, prefix, role, created_by, created_at, revoked_at, last_used_at FROM api_keys WHERE key_hash = @h AND revoked_at IS NULL",
            ReadKey, cancellationToken, ("h", hash));
        if (rows.Count == 0)
        {
            _keys.TryRemove(hash, out _);
            return null;
        }

        await SqlDatabase.ExecuteAsync(connection, null, "UPDATE api_keys SET last_used_at = @now WHERE id = @id", cancellationToken, ("now", now), ("id", rows[0].Id));
        _keys[hash] = (rows[0], now);
        return rows[0];
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(CancellationToken cancellationToken = default) =>
        await _database.QueryAsync("SELECT id, name, prefix, role, created_by, created_at, revoked_at, last_used_at FROM api_keys ORDER BY id", ReadKey, cancellationToken);

    /// <summary>Revokes a key for good. Returns false when no active key has that id.</summary>
    public async Task<bool> RevokeApiKeyAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var revoked = await SqlDatabase.ExecuteAsync(connection, null, "UPDATE api_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL", cancellationToken,
            ("now", _time.GetUtcNow()), ("id", id)) > 0;
        foreach (var (hash, entry) in _keys)
        {
            if (entry.Info.Id == id)
            {
                _keys.TryRemove(hash, out _);
            }
        }

        return revoked;
    }

    public async Task AuditAsync(string actor, string action, string? target, string? details = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await SqlDatabase.ExecuteAsync(connection, null, "INSERT INTO audit_log (at, actor, action, target, details) VALUES (@at, @actor, @action, @target, @details)", cancellationToken,
            ("at", _time.GetUtcNow()), ("actor", actor), ("action", action), ("target", target), ("details", details));
    }

    /// <summary>The audit log, newest first.</summary>
    public async Task<(IReadOnlyList<AuditEntry> Items, int Total)> ListAuditAsync(int offset, int limit, CancellationToken cancellationToken = default)
    {
        var items = await _database.QueryAsync("SELECT id, at, actor, action, target, details FROM audit_log ORDER BY id DESC LIMIT @limit OFFSET @offset",
            r => new AuditEntry(r.Long(0), r.Time(1)!.Value, r.Text(2), r.Text(3), r.Str(4), r.Str(5)), cancellationToken, ("limit", limit), ("offset", offset));
        var total = await _database.QueryAsync("SELECT COUNT(*) FROM audit_log", r => r.Int(0), cancellationToken);
        return (items, total[0]);
    }

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    private static string HashKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static UserAccount ReadUser(System.Data.Common.DbDataReader r) =>
        new(r.Long(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4), r.Time(5), r.Time(6)!.Value, r.Time(7));

    private static ApiKeyInfo ReadKey(System.Data.Common.DbDataReader r) =>
        new(r.Long(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Time(5)!.Value, r.Time(6), r.Time(7));
}
