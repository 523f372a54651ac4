namespace CrmReco.Contracts;

public sealed record NewUser(string Email, string Password, string Role);

public sealed record UserInfo(long Id, string Email, string Role, bool Locked, DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt);

public sealed record NewApiKey(string Name, string Role);
