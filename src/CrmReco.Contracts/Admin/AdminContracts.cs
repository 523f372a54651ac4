namespace CrmReco.Contracts;

public sealed record NewUser(string Email, string Password, string Role);

public sealed record UserInfo(long Id, string Email, string Role, bool Locked, DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt);

public sealed record NewApiKey(string Name, string Role);

/// <summary>An API key as listed (never the key itself, which only its creator saw once).</summary>
public sealed record ApiKeyInfo(long Id, string Name, string Prefix, string Role, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

/// <summary>One line of the audit log.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string? Target, string? Details);

/// <summary>The key in clear, shown this once.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Key, string Secret);
