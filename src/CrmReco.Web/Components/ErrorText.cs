using CrmReco.Web.Api;

namespace CrmReco.Web.Components;

/// <summary>The resource key of the French message for a failure, by HTTP status.</summary>
public static class ErrorText
{
    public static string KeyFor(Exception error) => error switch
    {
        ApiException { Status: 0 } => "Error_Network",
        ApiException { Status: 400 } => "Error_BadRequest",
        ApiException { Status: 401 } => "Error_Unauthorized",
        ApiException { Status: 403 } => "Error_Forbidden",
        ApiException { Status: 404 } => "Error_NotFound",
        ApiException { Status: 409 } => "Error_Conflict",
        ApiException { Status: 413 } => "Error_TooLarge",
        ApiException { Status: 422 } => "Error_Unprocessable",
        ApiException { Status: 423 } => "Error_Locked",
        ApiException { Status: 429 } => "Error_TooMany",
        _ => "Error_Server",
    };
}
