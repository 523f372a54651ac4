using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace CrmReco.Api.Common;

/// <summary>Request bodies are bounded per endpoint: Kestrel's global limit is the small JSON one
/// (<see cref="ApiOptions.MaxRequestBodyKilobytes"/>), the upload endpoint alone takes
/// <see cref="ApiOptions.MaxUploadMegabytes"/>, and an endpoint may ask for less (the anonymous login). A request
/// announcing a larger Content-Length is answered 413 before a byte of it is read; a chunked one is cut by Kestrel
/// as soon as it passes the limit.</summary>
public static class RequestLimits
{
    /// <summary>A login is an email and a password.</summary>
    public const long LoginBodyBytes = 16 * 1024;

    /// <summary>Marks the endpoint that receives exports: its limit is <see cref="ApiOptions.MaxUploadMegabytes"/>.</summary>
    public static TBuilder AcceptsUploads<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(UploadBody.Instance);

    /// <summary>A limit below the global one for this endpoint.</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(bytes));

    /// <summary>The limit of the request's endpoint (routing has run: WebApplication routes first).</summary>
    public static long LimitOf(HttpContext context, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<UploadBody>() is not null)
        {
            return options.MaxUploadMegabytes * 1024L * 1024L;
        }

        var global = options.MaxRequestBodyKilobytes * 1024L;
        return metadata?.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize is { } own && own < global ? own : global;
    }

    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = LimitOf(context, context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            // The body is not read: the connection closes rather than drain what the client still sends.
            context.Response.Headers.Connection = "close";
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Title = "Request body too large",
                    Detail = $"This endpoint accepts at most {limit.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} bytes; the request announced {context.Request.ContentLength.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}.",
                    Status = StatusCodes.Status413PayloadTooLarge,
                },
            });
            return;
        }

        await next(context);
    });

    private sealed class UploadBody
    {
        public static readonly UploadBody Instance = new();
    }

    private sealed class BodyLimit(long bytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize { get; } = bytes;
    }
}
