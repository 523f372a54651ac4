using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CrmReco.Core.Email;
using CrmReco.Core.Privacy;
using Microsoft.Extensions.Options;

namespace CrmReco.Api.Campaigns;

/// <summary>Anonymous endpoints reached from outside: Brevo's webhook (secret token in the URL, compared in
/// constant time; Brevo does not sign its webhooks) and the unsubscribe link of every email.</summary>
public static class BrevoWebhookEndpoints
{
    public static IEndpointRouteBuilder MapBrevoWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/webhooks/brevo/{token}", Receive).AllowAnonymous().WithTags("Campaigns");
        app.MapGet("/api/unsubscribe/{token}", Unsubscribe).AllowAnonymous().WithTags("Campaigns");
        return app;
    }

    /// <summary>Stores the events (one object or a batched array) idempotently; opt-outs and suppressions follow.</summary>
    public static async Task<Results<Ok<EmailEventsResult>, NotFound, ProblemHttpResult>> Receive(
        string token, JsonElement payload, IOptions<BrevoOptions> options, EmailEventStore events, CancellationToken cancellationToken)
    {
        if (!TokenMatches(options.Value.WebhookToken, token))
        {
            return TypedResults.NotFound(); // same answer for a wrong token and a disabled webhook
        }

        var parsed = EmailEventStore.ParseWebhook(payload, out var ignored);
        if (parsed.Count == 0 && ignored > 0)
        {
            return TypedResults.Problem("No Brevo event in the payload (expected event, message-id and ts_event).", statusCode: StatusCodes.Status400BadRequest);
        }

        return TypedResults.Ok(await events.StoreAsync(parsed, "brevo-webhook", ignored, cancellationToken));
    }

    /// <summary>The unsubscribe link: records the opt-out (source unsubscribe-link) and says so in French.</summary>
    public static async Task<ContentHttpResult> Unsubscribe(string token, EmailRenderer renderer, PrivacyService privacy, CancellationToken cancellationToken)
    {
        var code = renderer.ReadUnsubscribeToken(token);
        var done = code is not null && await privacy.SetConsentAsync(code, false, "unsubscribe-link", "customer", cancellationToken);
        var message = done
            ? "Votre désinscription est enregistrée : vous ne recevrez plus nos courriels. / You are unsubscribed."
            : "Ce lien de désinscription n'est pas valide. Écrivez-nous pour être désinscrit. / This unsubscribe link is not valid.";
        return TypedResults.Content($"<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Désinscription</title></head><body><p>{message}</p></body></html>",
            "text/html; charset=utf-8", statusCode: done ? StatusCodes.Status200OK : StatusCodes.Status404NotFound);
    }

    /// <summary>Constant-time comparison of the hashes, so neither the content nor the length of the secret leaks.</summary>
    internal static bool TokenMatches(string? expected, string? actual) =>
        !string.IsNullOrEmpty(expected) && actual is not null
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(actual)));
}
