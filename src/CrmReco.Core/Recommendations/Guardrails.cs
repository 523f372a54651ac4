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

/// <summary>A named rule applied after scoring; what it removes is recorded with its name.</summary>
public interface IGuardrail
{
    string Name { get; }

    /// <summary>True when the whole customer is excluded (no candidate survives).</summary>
    bool ExcludesCustomer(GuardrailContext context) => false;

    bool Allows(GuardrailContext context, Candidate candidate);

    /// <summary>What the rule saw when it removed the customer (<paramref name="candidate"/> null) or a candidate,
    /// stored with the removal; null when the name says it all.</summary>
    string? Explain(GuardrailContext context, Candidate? candidate) => null;
}

/// <summary>Which contacts open the silence window.</summary>
public enum SilenceChannels
{
    /// <summary>A contact on any channel (email, SMS, phone, post): the domain's "silence after any contact".</summary>
    Any = 0,

    /// <summary>Only emails (what CrmReco itself sends).</summary>
    Email = 1,
}

/// <summary>The default guardrails; each has its setting in <see cref="GuardrailOptions"/>.</summary>
public sealed record GuardrailOptions(
    int SilenceDays = 14,
    int NotBoughtWithinDays = 60,
    double PriceBandTolerance = 0.5,
    int ReturnedWithinDays = 365,
    SilenceChannels SilenceChannels = SilenceChannels.Any);

public static class Guardrails
{
    public static IReadOnlyList<IGuardrail> Default(GuardrailOptions? options = null)
    {
        options ??= new GuardrailOptions();
        return
        [
            new Emailable(),
            new SilenceWindow(options.SilenceDays, options.SilenceChannels),
            new Available(),
            new NotBoughtRecently(options.NotBoughtWithinDays),
            new NotReturnedRecently(options.ReturnedWithinDays),
            new PriceBand(options.PriceBandTolerance),
        ];
    }

    /// <summary>Consent and a valid email are required: nobody else is ever contacted.</summary>
    private sealed class Emailable : IGuardrail
    {
        public string Name => "emailable";

        public bool ExcludesCustomer(GuardrailContext context) => !context.Emailable;

        public bool Allows(GuardrailContext context, Candidate candidate) => context.Emailable;
    }

    /// <summary>No recommendation within <c>days</c> of the latest contact that reached the customer (a contact
    /// after "as of" counts too: it is recent by any measure).</summary>
    private sealed class SilenceWindow(int days, SilenceChannels channels) : IGuardrail
    {
        public string Name => "silence_window";

        public bool ExcludesCustomer(GuardrailContext context) => Last(context) is { } last && context.AsOf.DayNumber - last.DayNumber < days;

        public bool Allows(GuardrailContext context, Candidate candidate) => !ExcludesCustomer(context);

        public string? Explain(GuardrailContext context, Candidate? candidate)
        {
            if (Last(context) is not { } last)
            {
                return null;
            }

            var gap = context.AsOf.DayNumber - last.DayNumber;
            var when = gap >= 0 ? $"{gap} day{(gap == 1 ? string.Empty : "s")} before" : "after";
            return string.Create(CultureInfo.InvariantCulture, $"{(channels == SilenceChannels.Email ? "email" : "last")} contact on {last:yyyy-MM-dd}, {when} {context.AsOf:yyyy-MM-dd} (window {days} days)");
        }

        // Without per-channel data (a caller that only knows "a contact"), the overall date stands for it.
        private DateOnly? Last(GuardrailContext context) => channels switch
        {
            SilenceChannels.Email when context.LastContactByChannel is { } byChannel =>
                byChannel.TryGetValue(ContactChannels.Email, out var email) ? email : null,
            _ => context.LastContact,
        };
    }

    /// <summary>The latest stock snapshot decides when the article has one (nothing left to sell → removed);
    /// otherwise only real catalogue products (not stubs) are proposed.</summary>
    private sealed class Available : IGuardrail
    {
        public string Name => "product_available";

        public bool Allows(GuardrailContext context, Candidate candidate) => candidate.Stock is { } stock ? stock.Available > 0 : candidate.Available;

        public string? Explain(GuardrailContext context, Candidate? candidate) => candidate switch
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
