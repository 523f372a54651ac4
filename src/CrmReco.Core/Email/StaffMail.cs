using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CrmReco.Core.Alerts;

namespace CrmReco.Core.Email;

/// <summary>An email to the estate's staff (weekly report, alert): not a campaign, no customer, no unsubscribe link.</summary>
/// <param name="Key">What the message is ("weekly-report:2026-W49", "alert:job-failed:backup:2026-12-07"): the outbox
/// file name and, hashed, Brevo's idempotency key, so a retried call is not sent twice.</param>
public sealed record StaffMessage(string Key, string Subject, string Html, string Text);

/// <summary>Sends <see cref="StaffMessage"/>s: through Brevo with a key, to <c>&lt;outbox&gt;/staff/</c> without.</summary>
public interface IStaffMailer
{
    /// <summary>"brevo" or "outbox".</summary>
    string Name { get; }

    /// <summary>Sends one message to all <paramref name="recipients"/>; returns Brevo's message id or the outbox file.
    /// Throws with Brevo's message when it refuses the call.</summary>
    Task<string> SendAsync(StaffMessage message, IReadOnlyList<string> recipients, CancellationToken cancellationToken = default);
}

/// <summary>One <c>POST /smtp/email</c> per message, every recipient in <c>to</c>, tagged <c>crmreco-staff</c>.</summary>
public sealed class BrevoStaffMailer(BrevoClient client, BrevoOptions options) : IStaffMailer
{
    public const string Tag = "crmreco-staff";

    public string Name => "brevo";

    public async Task<string> SendAsync(StaffMessage message, IReadOnlyList<string> recipients, CancellationToken cancellationToken = default)
    {
        var body = Body(message, recipients, options);
        var response = await client.SendEmailAsync(body, cancellationToken);
        if (!response.Success)
        {
            throw new InvalidOperationException($"Brevo refused the staff email \"{message.Subject}\": {response.Error ?? ((int)response.Status).ToString(CultureInfo.InvariantCulture)}");
        }

        return response.Body?["messageId"]?.GetValue<string>() ?? string.Empty;
    }

    /// <summary>The JSON body (public for the tests' fake and the docs).</summary>
    public static JsonObject Body(StaffMessage message, IReadOnlyList<string> recipients, BrevoOptions options)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(options);
        return new JsonObject
        {
            ["sender"] = new JsonObject { ["email"] = options.SenderEmail, ["name"] = options.SenderName },
            ["to"] = new JsonArray(recipients.Select(r => (JsonNode)new JsonObject { ["email"] = r }).ToArray()),
            ["subject"] = message.Subject,
            ["htmlContent"] = message.Html,
            ["textContent"] = message.Text,
            ["tags"] = new JsonArray(Tag),
            ["headers"] = new JsonObject { ["idempotencyKey"] = StaffMail.IdempotencyKey(message.Key) },
        };
    }
}

/// <summary>Writes <c>&lt;outbox&gt;/staff/&lt;key&gt;.html</c> and <c>.eml</c> (recipients in its To header).</summary>
public sealed class OutboxStaffMailer(EmailOptions options, BrevoOptions brevo, TimeProvider time) : IStaffMailer
{
    public const string Folder = "staff";

    public string Name => "outbox";

    public async Task<string> SendAsync(StaffMessage message, IReadOnlyList<string> recipients, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(recipients);
        var folder = Path.Combine(options.OutboxPath, Folder);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, StaffMail.SafeName(message.Key));
        var messageId = $"<staff-{StaffMail.SafeName(message.Key)}@crmreco.local>";
        var eml = Mime.Multipart(brevo.SenderName, brevo.SenderEmail, string.Join(", ", recipients), message.Subject, time.GetUtcNow(), messageId, null,
            "crmreco-" + StaffMail.IdempotencyKey(message.Key), message.Text, message.Html);
        await File.WriteAllTextAsync(file + ".html", message.Html, Encoding.UTF8, cancellationToken);
        await File.WriteAllTextAsync(file + ".eml", eml, Encoding.UTF8, cancellationToken);
        return file + ".eml";
    }
}

/// <summary>The alerts as staff emails, to <c>Jobs:Alerts:Recipients</c> (else <c>Email:ReportRecipients</c>).</summary>
public sealed class StaffAlertSender(IStaffMailer mailer, IReadOnlyList<string> recipients, TimeProvider time) : IAlertSender
{
    public async Task SendAsync(Alert alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        // One key per alert and day: the same problem reminded tomorrow is a new message, a retried call today is not.
        var key = string.Create(CultureInfo.InvariantCulture, $"alert-{alert.Key}-{time.GetUtcNow():yyyy-MM-dd}");
        var html = $"<!DOCTYPE html><html lang=\"fr\"><body style=\"font-family:sans-serif\"><h2>{StaffMail.Html.Encode(alert.Subject)}</h2>"
            + string.Concat(alert.Body.Split("\n\n").Select(p => "<p>" + StaffMail.Html.Encode(p).Replace("\n", "<br>", StringComparison.Ordinal) + "</p>"))
            + "</body></html>";
        await mailer.SendAsync(new StaffMessage(key, alert.Subject, html, alert.Body), recipients, cancellationToken);
    }
}

internal static class StaffMail
{
    /// <summary>Escapes what HTML needs but keeps accents readable, as the campaign emails do.</summary>
    public static readonly System.Text.Encodings.Web.HtmlEncoder Html = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>A UUID derived from the message key, the same on every retry (Brevo expects a UUID).</summary>
    public static string IdempotencyKey(string key) => DerivedUuid("crmreco:staff:" + key);

    /// <summary>A UUID (version 4 layout, as Brevo expects) derived from <paramref name="text"/>: the same text, the
    /// same UUID, so a retried call carries the same idempotency key. Campaign batches use it too.</summary>
    public static string DerivedUuid(string text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x40);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString("D");
    }

    public static string SafeName(string key) => string.Concat(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}

/// <summary>A multipart/alternative message (text and HTML, base64, UTF-8): what the outbox writes as <c>.eml</c>.</summary>
internal static class Mime
{
    public static string Multipart(string fromName, string fromEmail, string to, string subject, DateTimeOffset date, string messageId, string? custom, string boundary, string text, string html)
    {
        var b = new StringBuilder();
        b.Append("From: ").Append(Header(fromName)).Append(" <").Append(fromEmail).Append(">\r\n");
        b.Append("To: ").Append(to).Append("\r\n");
        b.Append("Subject: ").Append(Header(subject)).Append("\r\n");
        b.Append("Date: ").Append(date.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n");
        b.Append("Message-ID: ").Append(messageId).Append("\r\n");
        if (custom is not null)
        {
            b.Append("X-Mailin-custom: ").Append(custom).Append("\r\n");
        }

        b.Append("MIME-Version: 1.0\r\n");
        b.Append("Content-Type: multipart/alternative; boundary=\"").Append(boundary).Append("\"\r\n\r\n");
        foreach (var (type, body) in new[] { ("text/plain", text), ("text/html", html) })
        {
            b.Append("--").Append(boundary).Append("\r\n");
            b.Append("Content-Type: ").Append(type).Append("; charset=utf-8\r\n");
            b.Append("Content-Transfer-Encoding: base64\r\n\r\n");
            b.Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(body), Base64FormattingOptions.InsertLineBreaks)).Append("\r\n");
        }

        b.Append("--").Append(boundary).Append("--\r\n");
        return b.ToString();
    }

    public static string Header(string value) => value.All(c => c < 128) ? value : "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) + "?=";
}
