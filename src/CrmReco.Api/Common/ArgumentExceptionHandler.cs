using Microsoft.AspNetCore.Diagnostics;

namespace CrmReco.Api.Common;

/// <summary>Turns the argument errors Core raises for bad input (an unknown sort key, a bad role…) and the request
/// binding's refusals (a query value of the wrong type, e.g. <c>?emailable=maybe</c>) into ProblemDetails with
/// their status (400) and message, instead of 500s.</summary>
public sealed class ArgumentExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, message) = exception switch
        {
            ArgumentException argument => (StatusCodes.Status400BadRequest, argument.Message),
            BadHttpRequestException bad => (bad.StatusCode, bad.Message),
            _ => (0, string.Empty),
        };
        if (status == 0 || httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Title = "Invalid request", Detail = message, Status = status },
            Exception = exception,
        });
    }
}
