using System.Globalization;
using System.Text;

namespace CrmReco.Core.Email;

/// <summary>One email of a batch: one recipient, its own content.</summary>
public sealed record OutgoingEmail(string CustomerCode, string To, string? ToName, RenderedEmail Content);

/// <summary>One call: a campaign's batch with its idempotency key (derived from campaign and batch).</summary>
public sealed record EmailBatch(long CampaignId, int BatchNo, string IdempotencyKey, IReadOnlyList<OutgoingEmail> Emails);

/// <summary>The answer to a batch: accepted with a message id per email (in order), or rejected (a 4xx other
/// than 429: Brevo's message, not retried).</summary>
public sealed record EmailBatchResult(bool Accepted, IReadOnlyList<string> MessageIds, string? Error)
{
    public static EmailBatchResult Ok(IReadOnlyList<string> ids) => new(true, ids, null);

    public static EmailBatchResult Rejected(string error) => new(false, [], error);
}

/// <summary>Thrown when a call's outcome is unknown after the retries (5xx, timeouts, dropped connections): the
/// batch may or may not have been sent, and stays in the send log as such.</summary>
public sealed class EmailTransportUncertainException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Where rendered emails go: Brevo, or the outbox folder when no key is configured.</summary>
public interface IEmailTransport
{
    /// <summary>"brevo" or "outbox", recorded per batch.</summary>
    string Name { get; }

    Task<EmailBatchResult> SendAsync(EmailBatch batch, CancellationToken cancellationToken = default);
}

/// <summary>Writes each email to <c>&lt;outbox&gt;/&lt;campaign&gt;/&lt;customer&gt;.html</c> and <c>.eml</c> (a
/// multipart message with both parts), so the demo and a newcomer see exactly what Brevo would get.</summary>
public sealed class OutboxTransport(EmailOptions options, BrevoOptions brevo, TimeProvider time) : IEmailTransport
{
    public string Name => "outbox";

    public async Task<EmailBatchResult> SendAsync(EmailBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var folder = Path.Combine(options.OutboxPath, batch.CampaignId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var ids = new List<string>();
        foreach (var email in batch.Emails)
        {
            var file = Path.Combine(folder, SafeName(email.CustomerCode));
            var messageId = $"<outbox-{batch.CampaignId.ToString(CultureInfo.InvariantCulture)}-{SafeName(email.CustomerCode)}@crmreco.local>";
            await File.WriteAllTextAsync(file + ".html", email.Content.Html, Encoding.UTF8, cancellationToken);
            await File.WriteAllTextAsync(file + ".eml", Eml(batch, email, messageId), Encoding.UTF8, cancellationToken);
            ids.Add(messageId);
        }

        return EmailBatchResult.Ok(ids);
    }

    private string Eml(EmailBatch batch, OutgoingEmail email, string messageId) =>
        Mime.Multipart(brevo.SenderName, brevo.SenderEmail, email.ToName is { Length: > 0 } name ? Mime.Header(name) + " <" + email.To + ">" : email.To,
            email.Content.Subject, time.GetUtcNow(), messageId, BrevoTransport.CustomHeader(batch.CampaignId, email.CustomerCode), "crmreco-" + batch.IdempotencyKey,
            email.Content.Text, email.Content.Html);

    private static string SafeName(string code) => string.Concat(code.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
