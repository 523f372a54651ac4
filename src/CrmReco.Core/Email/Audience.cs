using System.Security.Cryptography;
using System.Text;
using CrmReco.Contracts.Campaigns;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Email;

/// <summary>A customer as the audience rules see them.</summary>
internal sealed record AudienceCustomer(string Code, string? FirstName, string? LastName, string? Email, bool EmailValid, bool? Consent, bool Erased, bool HasPurchased);

/// <summary>
/// What the audience rules read, loaded once per creation or send: customers with consent and erasure, past
/// opt-outs, suppressed addresses, the last contact that reached each customer (imported contacts of the channels
/// <see cref="EmailOptions.PressureChannels"/> names, and campaign sends) and the latest stock. The recommendation
/// run removes nobody for consent or a recent contact (it only marks them): these rules are the channel's. The rules, in order: erased, opted out (now or ever, for a soft opt-in), no consent, invalid
/// email, suppressed, permanent holdout, contact pressure; then the wines still in stock.
/// </summary>
internal sealed class Audience
{
    private readonly Dictionary<string, AudienceCustomer> _customers;
    private readonly HashSet<string> _optedOutEver;
    private readonly HashSet<string> _suppressed;
    private readonly Dictionary<string, DateTimeOffset> _lastEmail;
    private readonly Dictionary<string, decimal> _available;
    private readonly EmailOptions _options;

    private Audience(Dictionary<string, AudienceCustomer> customers, HashSet<string> optedOutEver, HashSet<string> suppressed, Dictionary<string, DateTimeOffset> lastEmail, Dictionary<string, decimal> available, EmailOptions options)
    {
        _customers = customers;
        _optedOutEver = optedOutEver;
        _suppressed = suppressed;
        _lastEmail = lastEmail;
        _available = available;
        _options = options;
    }

    public AudienceCustomer? Customer(string code) => _customers.GetValueOrDefault(code);

    /// <summary>Loads the rules' inputs. Emails of <paramref name="exceptCampaign"/> itself do not count for the
    /// pressure window (a resumed send must not exclude its own recipients).</summary>
    public static async Task<Audience> LoadAsync(SqlDatabase database, EmailOptions options, long? exceptCampaign, CancellationToken cancellationToken)
    {
        var customers = (await database.QueryAsync("""
            SELECT c.code, c.first_name, c.last_name, c.email, c.email_valid, c.email_consent, c.erased_at,
                   CASE WHEN EXISTS (SELECT 1 FROM sales_lines s WHERE s.customer_code = c.code) THEN 1 ELSE 0 END
            FROM customers c
            """, r => new AudienceCustomer(r.Text(0), r.Str(1), r.Str(2), r.Str(3), r.Bool(4), r.NullableBool(5), !r.IsDBNull(6), r.Long(7) == 1), cancellationToken))
            .ToDictionary(c => c.Code, StringComparer.Ordinal);
        var optedOut = (await database.QueryAsync("SELECT DISTINCT customer_code FROM consent_events WHERE consent = FALSE", r => r.Text(0), cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var suppressed = (await database.QueryAsync("SELECT email FROM email_suppressions", r => r.Text(0).ToLowerInvariant(), cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var lastEmail = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var contact in await new CrmQueries(database).LoadLastContactsAsync(cancellationToken))
        {
            if (options.PressureChannels == Recommendations.SilenceChannels.Any || string.Equals(contact.Channel, Import.ContactChannels.Email, StringComparison.OrdinalIgnoreCase))
            {
                Later(lastEmail, contact.CustomerCode, new DateTimeOffset(contact.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
            }
        }

        foreach (var (code, at) in await database.QueryAsync("""
            SELECT customer_code, COALESCE(sent_at, sending_at) FROM campaign_recipients
            WHERE status IN ('sent', 'sending', 'uncertain') AND campaign_id <> @c
            """, r => (r.Text(0), r.Time(1)), cancellationToken, ("c", exceptCampaign ?? -1)))
        {
            if (at is { } time)
            {
                Later(lastEmail, code, time);
            }
        }

        var available = (await new CrmQueries(database).LoadLatestStockAsync(cancellationToken)).ToDictionary(s => s.Article, s => s.Available, StringComparer.Ordinal);
        return new Audience(customers, optedOut, suppressed, lastEmail, available, options);
    }

    /// <summary>Why the customer may not be emailed now, or null when they may.</summary>
    public string? Exclusion(string code, DateTimeOffset now)
    {
        if (_customers.GetValueOrDefault(code) is not { } c)
        {
            return ExclusionReasons.NotACustomer;
        }

        if (c.Erased)
        {
            return ExclusionReasons.Erased;
        }

        switch (c.Consent)
        {
            case false:
                return ExclusionReasons.OptedOut;
            case null when _optedOutEver.Contains(code):
                return ExclusionReasons.OptedOut; // the soft opt-in never survives an opt-out
            case null when !c.HasPurchased:
                return ExclusionReasons.NoConsent; // soft opt-in is for existing customers only
        }

        if (!c.EmailValid || string.IsNullOrWhiteSpace(c.Email) || !c.Email.Contains('@', StringComparison.Ordinal))
        {
            return ExclusionReasons.InvalidEmail;
        }

        if (_suppressed.Contains(c.Email.Trim().ToLowerInvariant()))
        {
            return ExclusionReasons.Suppressed;
        }

        if (_options.PermanentHoldoutShare > 0 && InPermanentHoldout(code, _options.PermanentHoldoutShare, _options.PermanentHoldoutSeed))
        {
            return ExclusionReasons.PermanentHoldout;
        }

        if (_options.PressureDays > 0 && _lastEmail.TryGetValue(code, out var last) && last > now.AddDays(-_options.PressureDays))
        {
            return ExclusionReasons.ContactPressure;
        }

        return null;
    }

    /// <summary>False when the latest stock snapshot says the article is sold out; an article the stock list does
    /// not know counts as available (as the recommendation guardrail does).</summary>
    public bool InStock(string article) => !_available.TryGetValue(article, out var available) || available > 0;

    /// <summary>A stable draw from the customer code: the same customers are in the permanent holdout for every campaign.</summary>
    public static bool InPermanentHoldout(string code, double share, long seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + code));
        return BitConverter.ToUInt64(hash, 0) / (double)ulong.MaxValue < share;
    }

    private static void Later(Dictionary<string, DateTimeOffset> map, string code, DateTimeOffset at)
    {
        if (!map.TryGetValue(code, out var existing) || at > existing)
        {
            map[code] = at;
        }
    }
}
