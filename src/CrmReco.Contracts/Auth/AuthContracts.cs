namespace CrmReco.Contracts;

public sealed record LoginRequest(string Email, string Password);

public sealed record SessionInfo(string Name, string Role, string AuthenticationType, string? AntiforgeryToken);
