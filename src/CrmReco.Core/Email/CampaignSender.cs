using System.Globalization;
using System.Text;
using CrmReco.Contracts.Campaigns;
using CrmReco.Core.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmReco.Core.Email;

/// <summary>
/// Sends an approved campaign, and resumes one whose send was interrupted, without ever emailing a customer twice:
/// one process per campaign (a lock); the audience rules checked again; each batch written to the send log
/// ("sending", with its batch and idempotency key) before the call and closed after it. A batch found "sending"
/// (the process died during the call) is sent again with the same idempotency key while Brevo still honours it
/// (<see cref="EmailOptions.IdempotencyWindowMinutes"/>), else marked uncertain for a person to check — never
/// blindly resent. See docs/email.md.
/// </summary>
public sealed partial class CampaignSender
{
    private readonly CampaignStore _store;
    private readonly CampaignService _campaigns;
    private readonly EmailRenderer _renderer;
    private readonly IEmailTransport _transport;
    private readonly EmailOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CampaignSender> _logger;

    public CampaignSender(CampaignStore store, CampaignService campaigns, EmailRenderer renderer, IEmailTransport transport, IOptions<EmailOptions> options, TimeProvider time, ILogger<CampaignSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _campaigns = campaigns;
        _renderer = renderer;
        _transport = transport;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The transport in use ("brevo" or "outbox").</summary>
    public string Transport => _transport.Name;

    /// <summary>The idempotency key of a batch: a UUID derived from (campaign, batch), the same on every resend.</summary>
    public static string IdempotencyKey(long campaignId, int batchNo) =>
        StaffMail.DerivedUuid(string.Create(CultureInfo.InvariantCulture, $"crmreco:campaign:{campaignId}:batch:{batchNo}"));

    /// <summary>Sends (or resumes) the campaign. <paramref name="ignoreSchedule"/>: send now even if its date is later.</summary>
    public async Task<CampaignSendResult> SendAsync(long id, bool ignoreSchedule = false, CancellationToken cancellationToken = default)
    {
        var summary = await _store.GetSummaryAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No campaign {id.ToString(CultureInfo.InvariantCulture)}.");
        if (summary.State == CampaignStates.Sent)
        {
            return Result(summary, 0, 0, 0, 0, 0, 0, []); // idempotent: nothing left to do
        }

        if (summary.State is not (CampaignStates.Approved or CampaignStates.Sending))
        {
            throw new CampaignStateException($"Campaign {id.ToString(CultureInfo.InvariantCulture)} is {summary.State}: only an approved campaign is sent.");
        }

        var now = _time.GetUtcNow();
        if (summary.State == CampaignStates.Approved && summary.SendAt is { } at && at > now && !ignoreSchedule)
        {
            throw new CampaignStateException($"Campaign {id.ToString(CultureInfo.InvariantCulture)} is scheduled for {at.ToString("u", CultureInfo.InvariantCulture)}: the worker sends it then (or send it now explicitly).");
        }

        await using var sendLock = await JobLock.TryAcquireAsync(_store.Database.ConnectionString, string.Create(CultureInfo.InvariantCulture, $"campaign-send-{id}"), cancellationToken)
            ?? throw new CampaignStateException($"Campaign {id.ToString(CultureInfo.InvariantCulture)} is being sent by another process.");
        if (summary.State == CampaignStates.Approved
            && !await _store.TransitionAsync(id, [CampaignStates.Approved], CampaignStates.Sending, cancellationToken, ("send_started_at", now)))
        {
            throw new CampaignStateException($"Campaign {id.ToString(CultureInfo.InvariantCulture)} changed state; look at it again.");
        }

        var template = await _campaigns.TemplateOfAsync(summary, cancellationToken);
        int sent = 0, failed = 0, uncertain = 0, resent = 0, batches = 0;
        var errors = new List<string>();
        var stopped = false;

        // 1. Batches left "sending" by a process that died during the call.
        foreach (var batch in await _store.LoadBatchesAsync(id, RecipientStatuses.Sending, cancellationToken))
        {
            var members = (await _store.LoadRecipientsAsync(id, [RecipientStatuses.Sending], cancellationToken)).Where(r => r.Batch == batch.BatchNo).ToList();
            if (_time.GetUtcNow() - batch.StartedAt >= TimeSpan.FromMinutes(_options.IdempotencyWindowMinutes))
            {
                var message = $"outcome unknown: the process stopped during the call of {batch.StartedAt.ToString("u", CultureInfo.InvariantCulture)}, past the idempotency window; check Brevo's logs before sending to these customers again";
                await _store.CloseBatchAsync(id, batch.BatchNo, RecipientStatuses.Uncertain, members.Select(m => (m.CustomerCode, (string?)null)).ToList(), message, cancellationToken);
                uncertain += members.Count;
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"batch {batch.BatchNo}: {message}"));
                LogUncertain(_logger, id, batch.BatchNo, members.Count);
                continue;
            }

            var emails = new List<OutgoingEmail>();
            foreach (var member in members)
            {
                var (model, email, name) = await _campaigns.ModelAsync(summary, member.CustomerCode, cancellationToken);
                emails.Add(new OutgoingEmail(member.CustomerCode, email ?? string.Empty, name, await _renderer.RenderAsync(template, summary.Subject, model)));
            }

            resent++;
            try
            {
                var (s, f) = await CallAsync(id, new EmailBatch(id, batch.BatchNo, batch.IdempotencyKey, emails), errors, cancellationToken);
                sent += s;
                failed += f;
            }
            catch (EmailTransportUncertainException ex)
            {
                errors.Add(ex.Message);
                return Result((await _store.GetSummaryAsync(id, cancellationToken))!, sent, failed, uncertain, 0, batches, resent, errors);
            }
        }

        // 2. The audience rules again, on the customers still pending.
        var audience = await Audience.LoadAsync(_store.Database, _options, id, cancellationToken);
        var excludedAtSend = 0;
        var ready = new List<OutgoingEmail>();
        foreach (var recipient in await _store.LoadRecipientsAsync(id, [RecipientStatuses.Pending], cancellationToken))
        {
            foreach (var item in recipient.Items.Where(i => i.RemovedReason is null && !audience.InStock(i.Article)))
            {
                await _store.RemoveItemAsync(id, recipient.CustomerCode, item.Rank, ExclusionReasons.OutOfStock, cancellationToken);
            }

            var reason = audience.Exclusion(recipient.CustomerCode, now)
                ?? (recipient.Items.All(i => i.RemovedReason is not null || !audience.InStock(i.Article)) ? ExclusionReasons.OutOfStock : null);
            if (reason is not null)
            {
                await _store.ExcludeAsync(id, recipient.CustomerCode, reason, cancellationToken);
                excludedAtSend++;
                continue;
            }

            var (model, email, name) = await _campaigns.ModelAsync(summary, recipient.CustomerCode, cancellationToken);
            ready.Add(new OutgoingEmail(recipient.CustomerCode, email!, name, await _renderer.RenderAsync(template, summary.Subject, model)));
        }

        // 3. New batches, within Brevo's limits: ≤ 1,000 versions (one recipient each) and ≤ MaxBatchBytes of content per call.
        var size = Math.Clamp(_options.BatchSize, 1, 1000);
        foreach (var chunk in Chunk(ready, size, _options.MaxBatchBytes))
        {
            if ((await _store.GetSummaryAsync(id, cancellationToken))?.State != CampaignStates.Sending)
            {
                errors.Add("the campaign was cancelled during the send: the remaining batches were not sent");
                break;
            }

            var customers = chunk.Select(e => (e.CustomerCode, e.To)).ToList();
            var batchNo = await _store.BeginBatchAsync(id, b => IdempotencyKey(id, b), _transport.Name, customers, cancellationToken);
            batches++;
            try
            {
                var (s, f) = await CallAsync(id, new EmailBatch(id, batchNo, IdempotencyKey(id, batchNo), chunk), errors, cancellationToken);
                sent += s;
                failed += f;
            }
            catch (EmailTransportUncertainException ex)
            {
                // Left "sending": the next run resends it with the same key (within the window) or marks it uncertain.
                errors.Add(ex.Message);
                stopped = true;
                break;
            }
        }

        var counts = await _store.CountsAsync(id, cancellationToken);
        if (!stopped && counts.Pending == 0)
        {
            await _store.TransitionAsync(id, [CampaignStates.Sending], CampaignStates.Sent, cancellationToken, ("sent_at", _time.GetUtcNow()));
        }

        var after = (await _store.GetSummaryAsync(id, cancellationToken))!;
        return Result(after, sent, failed, uncertain, excludedAtSend, batches, resent, errors);
    }

    /// <summary>Sends every approved campaign whose date has come, and resumes interrupted ones (the worker's job).</summary>
    public async Task<IReadOnlyList<CampaignSendResult>> SendDueAsync(CancellationToken cancellationToken = default)
    {
        var results = new List<CampaignSendResult>();
        foreach (var id in await _store.DueAsync(_time.GetUtcNow(), cancellationToken))
        {
            results.Add(await SendAsync(id, cancellationToken: cancellationToken));
        }

        return results;
    }

    private async Task<(int Sent, int Failed)> CallAsync(long id, EmailBatch batch, List<string> errors, CancellationToken cancellationToken)
    {
        var result = await _transport.SendAsync(batch, cancellationToken);
        if (!result.Accepted)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"batch {batch.BatchNo}: {result.Error}"));
            await _store.CloseBatchAsync(id, batch.BatchNo, RecipientStatuses.Failed, batch.Emails.Select(e => (e.CustomerCode, (string?)null)).ToList(), result.Error, cancellationToken);
            CrmRecoMetrics.EmailsHandedOver(_transport.Name, 0, batch.Emails.Count);
            return (0, batch.Emails.Count);
        }

        var ids = result.MessageIds;
        var closed = batch.Emails.Select((e, i) => (e.CustomerCode, ids.Count == batch.Emails.Count ? ids[i] : ids.Count == 1 ? ids[0] : null)).ToList();
        await _store.CloseBatchAsync(id, batch.BatchNo, RecipientStatuses.Sent, closed, null, cancellationToken);
        LogBatchSent(_logger, id, batch.BatchNo, batch.Emails.Count, _transport.Name);
        CrmRecoMetrics.EmailsHandedOver(_transport.Name, batch.Emails.Count, 0);
        return (batch.Emails.Count, 0);
    }

    private static IEnumerable<List<OutgoingEmail>> Chunk(List<OutgoingEmail> emails, int size, int maxBytes)
    {
        var chunk = new List<OutgoingEmail>();
        var bytes = 0;
        foreach (var email in emails)
        {
            var length = Encoding.UTF8.GetByteCount(email.Content.Html) + Encoding.UTF8.GetByteCount(email.Content.Text) + Encoding.UTF8.GetByteCount(email.Content.Subject) + 200;
            if (chunk.Count > 0 && (chunk.Count >= size || bytes + length > maxBytes))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(email);
            bytes += length;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private static CampaignSendResult Result(CampaignSummary summary, int sent, int failed, int uncertain, int excluded, int batches, int resent, IReadOnlyList<string> errors) =>
        new(summary.Id, summary.State, sent, failed, uncertain, excluded, batches, resent, errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId}: batch {Batch} of {Count} email(s) accepted by {Transport}")]
    private static partial void LogBatchSent(ILogger logger, long campaignId, int batch, int count, string transport);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {CampaignId}: batch {Batch} ({Count} recipient(s)) is uncertain: the send stopped during the call, past the idempotency window")]
    private static partial void LogUncertain(ILogger logger, long campaignId, int batch, int count);
}
