using System.Globalization;
using CrmReco.Core.Import;

namespace CrmReco.Core.Recommendations;

/// <summary>What a guardrail knows about a customer and a candidate.</summary>
/// <param name="LastContact">The latest contact that reached the customer, on any channel.</param>
/// <param name="LastContactByChannel">The same per channel (EMAIL, SMS, PHONE, POST, UNKNOWN), when known.</param>
public sealed record GuardrailContext(
    string CustomerId,
    bool Emailable,
    DateOnly AsOf,
    IReadOnlyDictionary<string, DateOnly> LastBought,
    IReadOnlyDictionary<string, DateOnly> LastReturned,
    double? UsualUnitPrice,
    DateOnly? LastContact,
    IReadOnlyDictionary<string, DateOnly>? LastContactByChannel = null);

/// <summary>A candidate product with its price and the source that proposed it.</summary>
/// <param name="Available">Today's rule without stock data: the product is a real catalogue product (not a stub).</param>
/// <param name="Stock">The article's latest stock snapshot, when a stock export gave one: it then decides.</param>
public sealed record Candidate(string ProductId, double Score, string Source, double? UnitPrice, bool Available, StockRecord? Stock = null);

/// <summary>A named rule of taste applied after scoring; what it removes is recorded with its name.</summary>
public interface IGuardrail
{
    string Name { get; }

    bool Allows(GuardrailContext context, Candidate candidate);

    /// <summary>What the rule saw when it removed the candidate, stored with the removal; null when the name says it all.</summary>
    string? Explain(GuardrailContext context, Candidate candidate) => null;
}

/// <summary>Why an email cannot carry a customer's recommendations now, and until when.</summary>
/// <param name="Rule">The email channel's rule (<see cref="EmailRules.NotEmailable"/>, <see cref="EmailRules.SilenceWindow"/>).</param>
/// <param name="Until">The day the rule stops blocking (the silence window's end: last contact + N days); null
/// when no date ends it (consent or a valid address must change first).</param>
/// <param name="Detail">What the rule saw ("last contact on 2026-10-26, 5 days before 2026-10-31 (window 14 days)").</param>
public sealed record EmailBlock(string Rule, DateOnly? Until, string? Detail = null);

/// <summary>A rule of the email channel: it keeps every recommendation and says when an email cannot carry them.</summary>
public interface IEmailRule
{
    string Name { get; }

    /// <summary>The block, or null when an email may carry the customer's recommendations as of the run.</summary>
    EmailBlock? Blocks(GuardrailContext context);
}

/// <summary>Which contacts open the silence window.</summary>
public enum SilenceChannels
{
    /// <summary>A contact on any channel (email, SMS, phone, post): the domain's "silence after any contact".</summary>
    Any = 0,

    /// <summary>Only emails (what CrmReco itself sends).</summary>
    Email = 1,
}

/// <summary>The settings of the default guardrails and email rules.</summary>
public sealed record GuardrailOptions(
    int SilenceDays = 14,
    int NotBoughtWithinDays = 60,
    double PriceBandTolerance = 0.5,
    int ReturnedWithinDays = 365,
    SilenceChannels SilenceChannels = SilenceChannels.Any);

/// <summary>The email channel's rules, applied to the recommendation run as marks (never removals): the dashboard,
/// the cellar-door staff and the phone use every customer's recommendations; a campaign applies consent,
/// suppression and contact pressure itself when its audience is drawn and again at send.</summary>
public static class EmailRules
{
    /// <summary>Not emailable: no valid email, a stub, opted out or erased.</summary>
    public const string NotEmailable = "not_emailable";

    /// <summary>A contact reached the customer less than the silence window ago.</summary>
    public const string SilenceWindow = "silence_window";

    /// <summary>The rules in order; the first that blocks is the customer's mark.</summary>
    public static IReadOnlyList<IEmailRule> Default(GuardrailOptions? options = null)
    {
        options ??= new GuardrailOptions();
        return [new EmailableRule(), new SilenceWindowRule(options.SilenceDays, options.SilenceChannels)];
    }

    /// <summary>The first rule that blocks, or null.</summary>
    public static EmailBlock? FirstBlock(IReadOnlyList<IEmailRule> rules, GuardrailContext context)
    {
        ArgumentNullException.ThrowIfNull(rules);
        foreach (var rule in rules)
        {
            if (rule.Blocks(context) is { } block)
            {
                return block;
            }
        }

        return null;
    }

    /// <summary>Consent and a valid email are required: nobody else is ever emailed. No date ends it.</summary>
    private sealed class EmailableRule : IEmailRule
    {
        public string Name => EmailRules.NotEmailable;

        public EmailBlock? Blocks(GuardrailContext context) => context.Emailable ? null : new EmailBlock(Name, null);
    }

    /// <summary>No email within <c>days</c> of the latest contact that reached the customer (a contact after "as of"
    /// counts too: it is recent by any measure); blocked until that contact + <c>days</c>.</summary>
    private sealed class SilenceWindowRule(int days, SilenceChannels channels) : IEmailRule
    {
        public string Name => EmailRules.SilenceWindow;

        public EmailBlock? Blocks(GuardrailContext context)
        {
            if (Last(context) is not { } last || context.AsOf.DayNumber - last.DayNumber >= days)
            {
                return null;
            }

            var gap = context.AsOf.DayNumber - last.DayNumber;
            var when = gap >= 0 ? $"{gap} day{(gap == 1 ? string.Empty : "s")} before" : "after";
            return new EmailBlock(Name, last.AddDays(days), string.Create(CultureInfo.InvariantCulture, $"{(channels == SilenceChannels.Email ? "email" : "last")} contact on {last:yyyy-MM-dd}, {when} {context.AsOf:yyyy-MM-dd} (window {days} days)"));
        }

        // Without per-channel data (a caller that only knows "a contact"), the overall date stands for it.
        private DateOnly? Last(GuardrailContext context) => channels switch
        {
            SilenceChannels.Email when context.LastContactByChannel is { } byChannel =>
                byChannel.TryGetValue(ContactChannels.Email, out var email) ? email : null,
            _ => context.LastContact,
        };
    }
}

/// <summary>The default guardrails of taste; each has its setting in <see cref="GuardrailOptions"/>.</summary>
public static class Guardrails
{
    public static IReadOnlyList<IGuardrail> Default(GuardrailOptions? options = null)
    {
        options ??= new GuardrailOptions();
        return
        [
            new Available(),
            new NotBoughtRecently(options.NotBoughtWithinDays),
            new NotReturnedRecently(options.ReturnedWithinDays),
            new PriceBand(options.PriceBandTolerance),
        ];
    }

    /// <summary>The latest stock snapshot decides when the article has one (nothing left to sell → removed);
    /// otherwise only real catalogue products (not stubs) are proposed.</summary>
    private sealed class Available : IGuardrail
    {
        public string Name => "product_available";

        public bool Allows(GuardrailContext context, Candidate candidate) => candidate.Stock is { } stock ? stock.Available > 0 : candidate.Available;

        public string? Explain(GuardrailContext context, Candidate candidate) => candidate switch
        {
            { Stock: { } s } => string.Create(CultureInfo.InvariantCulture, $"sold out: {s.Available:0.##} available ({s.Total:0.##} in stock, {s.Reserved:0.##} reserved) on {s.SnapshotDate:yyyy-MM-dd}"),
            { Available: false } => "no stock snapshot and not a catalogue product (stub or unknown article)",
            _ => null,
        };
    }

    private sealed class NotBoughtRecently(int days) : IGuardrail
    {
        public string Name => "not_bought_recently";

        public bool Allows(GuardrailContext context, Candidate candidate) =>
            candidate.Source == "rebuy" || !context.LastBought.TryGetValue(candidate.ProductId, out var last) || context.AsOf.DayNumber - last.DayNumber > days;
    }

    private sealed class NotReturnedRecently(int days) : IGuardrail
    {
        public string Name => "not_returned_recently";

        public bool Allows(GuardrailContext context, Candidate candidate) =>
            !context.LastReturned.TryGetValue(candidate.ProductId, out var returned) || context.AsOf.DayNumber - returned.DayNumber > days;
    }

    private sealed class PriceBand(double tolerance) : IGuardrail
    {
        public string Name => "price_band";

        public bool Allows(GuardrailContext context, Candidate candidate) =>
            context.UsualUnitPrice is not { } usual || candidate.UnitPrice is not { } price
            || (price >= usual * (1 - tolerance) && price <= usual * (1 + tolerance));
    }
}
