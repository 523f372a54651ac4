using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CrmReco.Integration.Tests.Email;

/// <summary>What the fake does with the next call to POST /smtp/email.</summary>
public enum FakeFault
{
    /// <summary>No fault: answered as Brevo does.</summary>
    Ok,

    /// <summary>429 with x-sib-ratelimit-* headers (reset in 1 s), nothing sent.</summary>
    RateLimit,

    /// <summary>500, nothing sent.</summary>
    ServerError,

    /// <summary>Sent, but the answer comes after 3 s (longer than the client's timeout in the tests).</summary>
    Slow,

    /// <summary>The connection is dropped before anything is sent.</summary>
    Drop,

    /// <summary>400 with Brevo's error shape, nothing sent.</summary>
    BadRequest,

    /// <summary>The body is read (and recorded), then no answer until the client goes away: the call in flight when a sender is killed.</summary>
    Hang,
}

/// <summary>One email the fake accepted (once per idempotency key, as Brevo deduplicates).</summary>
public sealed record FakeDelivery(string IdempotencyKey, string Email, string Subject, string Html, string Text, string MessageId);

/// <summary>
/// A local Brevo (Kestrel on 127.0.0.1, random port) for the tests: checks the api-key, the paths and the bodies of
/// shared/docs/brevo.md (batch limits, idempotencyKey inside headers, tags), answers as Brevo does, honours the
/// idempotency key like Brevo (a repeated key returns the first answer and sends nothing), and misbehaves on demand.
/// </summary>
public sealed class FakeBrevo : IAsyncDisposable
{
    public const string ApiKey = "xkeysib-test-0123456789";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeFault> _faults = new();
    private readonly Dictionary<string, string[]> _idempotency = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private int _ids;

    private FakeBrevo(WebApplication app)
    {
        _app = app;
    }

    public string BaseUrl => _app.Urls.First() + "/v3";

    /// <summary>Every call: path, key given, body (raw).</summary>
    public ConcurrentQueue<(string Method, string Path, string? Key, string Body)> Calls { get; } = new();

    /// <summary>Every batch body received on /smtp/email (even when answered with a fault).</summary>
    public ConcurrentQueue<JsonObject> EmailBodies { get; } = new();

    public List<FakeDelivery> Deliveries { get; } = [];

    /// <summary>What did not match the contract (a test asserts it stays empty).</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Events served by GET /smtp/statistics/events.</summary>
    public List<JsonObject> Events { get; } = [];

    /// <summary>Completes when a /smtp/email call hangs (the kill test waits for it).</summary>
    public TaskCompletionSource Hanging { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first batch has been answered.</summary>
    public TaskCompletionSource FirstBatchAnswered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<FakeBrevo> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBrevo(app);
        app.MapPost("/v3/smtp/email", fake.SendEmailAsync);
        app.MapPost("/v3/contacts/import", fake.ImportAsync);
        app.MapGet("/v3/smtp/statistics/events", fake.EventsAsync);
        await app.StartAsync();
        return fake;
    }

    /// <summary>Queues faults for the next calls to /smtp/email, in order.</summary>
    public void Then(params FakeFault[] faults)
    {
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary>How many distinct emails each address got (the "exactly once" check).</summary>
    public Dictionary<string, int> DeliveriesPerAddress()
    {
        lock (_gate)
        {
            return Deliveries.GroupBy(d => d.Email, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>How many batch bodies named each address (retries and resends included).</summary>
    public Dictionary<string, int> RequestsPerAddress() => EmailBodies
        .SelectMany(b => b["messageVersions"]!.AsArray().SelectMany(v => v!["to"]!.AsArray().Select(t => t!["email"]!.GetValue<string>())))
        .GroupBy(e => e, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<(string Body, bool KeyOk)> ReadAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var key = context.Request.Headers["api-key"].FirstOrDefault();
        Calls.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString, key, body));
        return (body, key == ApiKey);
    }

    private async Task SendEmailAsync(HttpContext context)
    {
        var (raw, keyOk) = await ReadAsync(context);
        if (!keyOk)
        {
            await Error(context, 401, "unauthorized", "Key not found");
            return;
        }

        var body = JsonNode.Parse(raw) as JsonObject;
        var problem = body is null ? "body is not a JSON object" : Check(body, raw);
        if (body is null || problem is not null)
        {
            Violations.Enqueue(problem!);
            await Error(context, 400, "invalid_parameter", problem!);
            return;
        }

        EmailBodies.Enqueue(body);
        var hasFault = _faults.TryDequeue(out var fault);
        switch (hasFault ? fault : (FakeFault?)null)
        {
            case FakeFault.RateLimit:
                context.Response.Headers["x-sib-ratelimit-limit"] = "10";
                context.Response.Headers["x-sib-ratelimit-remaining"] = "0";
                context.Response.Headers["x-sib-ratelimit-reset"] = "1";
                await Error(context, 429, "too_many_requests", "The expected rate limit is exceeded.");
                return;
            case FakeFault.ServerError:
                await Error(context, 500, "internal_error", "Internal server error");
                return;
            case FakeFault.Drop:
                context.Abort();
                return;
            case FakeFault.BadRequest:
                await Error(context, 400, "invalid_parameter", "email is not valid in to");
                return;
            case FakeFault.Hang:
                Hanging.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }

                return;
        }

        var ids = Accept(body);
        if (fault == FakeFault.Slow && hasFault)
        {
            await Task.Delay(TimeSpan.FromSeconds(3), CancellationToken.None);
        }

        context.Response.StatusCode = 201;
        if (body["messageVersions"] is null)
        {
            await context.Response.WriteAsJsonAsync(new { messageId = ids[0] });
        }
        else
        {
            await context.Response.WriteAsJsonAsync(new { messageIds = ids });
        }

        FirstBatchAnswered.TrySetResult();
    }

    private string[] Accept(JsonObject body)
    {
        var key = body["headers"]!["idempotencyKey"]!.GetValue<string>();
        lock (_gate)
        {
            if (_idempotency.TryGetValue(key, out var known))
            {
                return known; // Brevo: same key, same answer, nothing sent again
            }

            var ids = new List<string>();
            // A single message (staff emails) has its recipients at the top level, as one version.
            var versions = body["messageVersions"] as JsonArray ?? [new JsonObject { ["to"] = body["to"]!.DeepClone() }];
            foreach (var version in versions)
            {
                var id = $"<{Interlocked.Increment(ref _ids):D6}.fake@smtp-relay.mailin.fr>";
                ids.Add(id);
                foreach (var to in version!["to"]!.AsArray())
                {
                    Deliveries.Add(new FakeDelivery(key, to!["email"]!.GetValue<string>(), version["subject"]?.GetValue<string>() ?? body["subject"]!.GetValue<string>(),
                        version["htmlContent"]?.GetValue<string>() ?? body["htmlContent"]!.GetValue<string>(), version["textContent"]?.GetValue<string>() ?? string.Empty, id));
                }
            }

            _idempotency[key] = [.. ids];
            return [.. ids];
        }
    }

    /// <summary>The contract of brevo.md for a batch, on its lower limits.</summary>
    private static string? Check(JsonObject body, string raw)
    {
        if (raw.Length > 1_000 * 1024)
        {
            return "call over 1,000 KB";
        }

        if (body["sender"]?["email"]?.GetValue<string>() is not { Length: > 0 })
        {
            return "sender.email missing";
        }

        var single = body["messageVersions"] is null && body["to"] is JsonArray;
        var versions = body["messageVersions"] as JsonArray ?? (single ? [new JsonObject { ["to"] = body["to"]!.DeepClone() }] : null);
        if (versions is null || versions.Count is 0 or > 1000)
        {
            return "neither messageVersions (at most 1,000) nor to";
        }

        var total = 0;
        foreach (var version in versions)
        {
            if (version?["to"] is not JsonArray to || to.Count is 0 or > 99 || to.Any(t => t?["email"]?.GetValue<string>() is not { Length: > 0 }))
            {
                return "a version's to is missing, empty or over 99";
            }

            if (version["htmlContent"] is null && body["htmlContent"] is null)
            {
                return "no htmlContent";
            }

            total += to.Count;
        }

        if (total > 2000)
        {
            return "over 2,000 recipients";
        }

        if (body["headers"]?["idempotencyKey"]?.GetValue<string>() is not { } key || !Guid.TryParse(key, out _))
        {
            return "headers.idempotencyKey missing or not a UUID";
        }

        if (body["tags"] is not JsonArray tags || tags.Count == 0)
        {
            return "no tags";
        }

        // Campaign emails carry campaign and customer for the events; a staff email has no customer to match.
        var campaign = tags.Any(t => t?.GetValue<string>().StartsWith("crmreco-campaign-", StringComparison.Ordinal) == true);
        return campaign && body["headers"]?["X-Mailin-custom"] is null ? "no X-Mailin-custom header" : null;
    }

    private async Task ImportAsync(HttpContext context)
    {
        var (raw, keyOk) = await ReadAsync(context);
        if (!keyOk)
        {
            await Error(context, 401, "unauthorized", "Key not found");
            return;
        }

        var body = JsonNode.Parse(raw);
        if (body?["jsonBody"] is not JsonArray contacts || contacts.Any(c => c?["email"] is null))
        {
            Violations.Enqueue("contacts/import without jsonBody emails");
            await Error(context, 400, "invalid_parameter", "jsonBody");
            return;
        }

        context.Response.StatusCode = 202;
        await context.Response.WriteAsJsonAsync(new { processId = 77 });
    }

    private async Task EventsAsync(HttpContext context)
    {
        var (_, keyOk) = await ReadAsync(context);
        if (!keyOk)
        {
            await Error(context, 401, "unauthorized", "Key not found");
            return;
        }

        var offset = int.Parse(context.Request.Query["offset"].FirstOrDefault() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var limit = int.Parse(context.Request.Query["limit"].FirstOrDefault() ?? "50", System.Globalization.CultureInfo.InvariantCulture);
        context.Response.StatusCode = 200;
        await context.Response.WriteAsync(new JsonObject { ["events"] = new JsonArray(Events.Skip(offset).Take(limit).Select(e => (JsonNode)e.DeepClone()).ToArray()) }.ToJsonString());
    }

    private static async Task Error(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { code, message }));
    }
}
