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

    private string Eml(EmailBatch batch, OutgoingEmail email, string messageId)
    {
        var boundary = "crmreco-" + batch.IdempotencyKey;
        var b = new StringBuilder();
        b.Append("From: ").Append(Header(brevo.SenderName)).Append(" <").Append(brevo.SenderEmail).Append(">\r\n");
        b.Append("To: ").Append(email.ToName is { Length: > 0 } name ? Header(name) + " <" + email.To + ">" : email.To).Append("\r\n");
        b.Append("Subject: ").Append(Header(email.Content.Subject)).Append("\r\n");
        b.Append("Date: ").Append(time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture)).Append("\r\n");
        b.Append("Message-ID: ").Append(messageId).Append("\r\n");
        b.Append("X-Mailin-custom: ").Append(BrevoTransport.CustomHeader(batch.CampaignId, email.CustomerCode)).Append("\r\n");
        b.Append("MIME-Version: 1.0\r\n");
        b.Append("Content-Type: multipart/alternative; boundary=\"").Append(boundary).Append("\"\r\n\r\n");
        foreach (var (type, body) in new[] { ("text/plain", email.Content.Text), ("text/html", email.Content.Html) })
        {
            b.Append("--").Append(boundary).Append("\r\n");
            b.Append("Content-Type: ").Append(type).Append("; charset=utf-8\r\n");
            b.Append("Content-Transfer-Encoding: base64\r\n\r\n");
            b.Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(body), Base64FormattingOptions.InsertLineBreaks)).Append("\r\n");
        }

        b.Append("--").Append(boundary).Append("--\r\n");
        return b.ToString();
    }

    private static string Header(string value) => value.All(c => c < 128) ? value : "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) + "?=";

    private static string SafeName(string code) => string.Concat(code.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
