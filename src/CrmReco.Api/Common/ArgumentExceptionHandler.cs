using Microsoft.AspNetCore.Diagnostics;

namespace CrmReco.Api.Common;

/// <summary>Turns the argument errors Core raises for bad input (an unknown sort key, a bad role…) into 400
/// ProblemDetails instead of 500s.</summary>
public sealed class ArgumentExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not ArgumentException argument || httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Title = "Invalid request", Detail = argument.Message, Status = StatusCodes.Status400BadRequest },
            Exception = exception,
        });
    }
}
