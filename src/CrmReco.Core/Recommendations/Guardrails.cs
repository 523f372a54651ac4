namespace CrmReco.Core.Recommendations;

/// <summary>What a guardrail knows about a customer and a candidate.</summary>
public sealed record GuardrailContext(
    string CustomerId,
    bool Emailable,
    DateOnly AsOf,
    IReadOnlyDictionary<string, DateOnly> LastBought,
    IReadOnlyDictionary<string, DateOnly> LastReturned,
    double? UsualUnitPrice,
    DateOnly? LastContact);

/// <summary>A candidate product with its price and the source that proposed it.</summary>
public sealed record Candidate(string ProductId, double Score, string Source, double? UnitPrice, bool Available);

/// <summary>A named rule applied after scoring; what it removes is recorded with its name.</summary>
public interface IGuardrail
{
    string Name { get; }

    /// <summary>True when the whole customer is excluded (no candidate survives).</summary>
    bool ExcludesCustomer(GuardrailContext context) => false;

    bool Allows(GuardrailContext context, Candidate candidate);
}

/// <summary>The default guardrails; each has its setting in <see cref="GuardrailOptions"/>.</summary>
public sealed record GuardrailOptions(int SilenceDays = 14, int NotBoughtWithinDays = 60, double PriceBandTolerance = 0.5, int ReturnedWithinDays = 365);

public static class Guardrails
{
    public static IReadOnlyList<IGuardrail> Default(GuardrailOptions? options = null)
    {
        options ??= new GuardrailOptions();
        return
        [
            new Emailable(),
            new SilenceWindow(options.SilenceDays),
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

    private sealed class SilenceWindow(int days) : IGuardrail
    {
        public string Name => "silence_window";

        public bool ExcludesCustomer(GuardrailContext context) => context.LastContact is { } last && context.AsOf.DayNumber - last.DayNumber < days;

        public bool Allows(GuardrailContext context, Candidate candidate) => !ExcludesCustomer(context);
    }

    private sealed class Available : IGuardrail
    {
        public string Name => "product_available";

        public bool Allows(GuardrailContext context, Candidate candidate) => candidate.Available;
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
