namespace CrmReco.Web.Api;

/// <summary>An API call that failed: its HTTP status (0 when the server could not be reached) and the
/// ProblemDetails title/detail, kept for logs; the pages show a French message chosen by status.</summary>
public sealed class ApiException(int status, string? detail, Exception? inner = null)
    : Exception(detail ?? $"HTTP {status}", inner)
{
    public int Status { get; } = status;
}
