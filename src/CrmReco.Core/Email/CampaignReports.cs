using System.Globalization;
using CrmReco.Contracts.Campaigns;
using CrmReco.Core.Storage;
using Microsoft.Extensions.Options;

namespace CrmReco.Core.Email;

/// <summary>
/// What a campaign earned: per group (treatment, control — as drawn, whatever happened at send: an
/// intention-to-treat comparison) the customers, buyers, orders, bottles and revenue over the window after
/// sending, ending at the latest sale imported; Brevo's engagement beside. The uplift with its interval comes from
/// the estimator (<see cref="UpliftEstimator"/>), called in <see cref="Uplift"/> only.
/// </summary>
public sealed class CampaignReports
{
    private readonly SqlDatabase _database;
    private readonly CampaignStore _store;
    private readonly EmailEventStore _events;
    private readonly EmailOptions _options;

    internal CampaignReports(SqlDatabase database, CampaignStore store, EmailEventStore events, EmailOptions options)
    {
        _database = database;
        _store = store;
        _events = events;
        _options = options;
    }

    public CampaignReports(CampaignStore store, EmailEventStore events, IOptions<EmailOptions> options)
        : this((store ?? throw new ArgumentNullException(nameof(store))).Database, store, events, (options ?? throw new ArgumentNullException(nameof(options))).Value)
    {
    }

    /// <summary>One customer's outcome: revenue in the window, in the same length of time before, and whether they bought.</summary>
    public readonly record struct CustomerOutcome(string Group, double Revenue, double PreRevenue, bool Converted, int Orders, double Bottles);

    public async Task<CampaignReport> ReportAsync(long id, int? windowDays = null, CancellationToken cancellationToken = default)
    {
        var summary = await _store.GetSummaryAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No campaign {id.ToString(CultureInfo.InvariantCulture)}.");
        var days = windowDays ?? _options.ReportWindowDays;
        var engagement = await EngagementAsync(id, cancellationToken);
        var sentAt = summary.SentAt ?? (await _database.QueryAsync("SELECT send_started_at FROM campaigns WHERE id = @id", r => r.Time(0), cancellationToken, ("id", id)))[0];
        if (sentAt is null)
        {
            return new CampaignReport(id, summary.Name, null, null, null, days, [], null, null, null, engagement, "not sent yet: no results");
        }

        var start = DateOnly.FromDateTime(sentAt.Value.UtcDateTime);
        var latest = (await _database.QueryAsync("SELECT MAX(sale_date) FROM sales_lines", r => r.Date(0), cancellationToken))[0];
        var end = start.AddDays(days - 1);
        if (latest is { } l && l < end)
        {
            end = l; // as of the latest sales import
        }

        var outcomes = await OutcomesAsync(id, start, end, cancellationToken);
        var groups = new[] { CampaignGroups.Treatment, CampaignGroups.Control }.Select(g =>
        {
            var members = outcomes.Where(o => o.Group == g).ToList();
            var revenue = members.Sum(o => o.Revenue);
            return new GroupResult(g, members.Count, members.Count(o => o.Converted), members.Sum(o => o.Orders), Math.Round(members.Sum(o => o.Bottles), 2), Math.Round(revenue, 2),
                members.Count == 0 ? 0 : Math.Round(revenue / members.Count, 2), members.Count == 0 ? 0 : members.Count(o => o.Converted) / (double)members.Count);
        }).ToList();
        var (revenueUplift, conversionUplift) = Uplift(outcomes.Where(o => o.Group == CampaignGroups.Treatment).ToList(), outcomes.Where(o => o.Group == CampaignGroups.Control).ToList());
        double? incremental = revenueUplift is null ? null : Math.Round(revenueUplift.Estimate * groups[0].Customers, 2);
        var note = end < start ? "no sales imported since the send yet"
            : revenueUplift is null ? "no uplift: it needs customers in both the treatment and the control group"
            : revenueUplift.Indicative ? $"{UpliftEstimator.IndicativeLabel}: fewer than {UpliftEstimator.MinCustomers} customers or {UpliftEstimator.MinBuyers} buyers in a group" : null;
        return new CampaignReport(id, summary.Name, sentAt, start, end, days, groups, revenueUplift, conversionUplift, incremental, engagement, note);
    }

    /// <summary>The one place the uplift estimator is called: revenue per customer with CUPED on
    /// <see cref="CustomerOutcome.PreRevenue"/> (Welch's interval when CUPED cannot be computed), and conversion;
    /// both null without a control group (docs/email.md, "Statistics").</summary>
    private static (UpliftFigure? Revenue, UpliftFigure? Conversion) Uplift(IReadOnlyList<CustomerOutcome> treatment, IReadOnlyList<CustomerOutcome> control)
    {
        static List<GroupOutcome> Of(IEnumerable<CustomerOutcome> outcomes) => outcomes.Select(o => new GroupOutcome(o.Revenue, o.PreRevenue, o.Converted)).ToList();
        var result = UpliftEstimator.Estimate(Of(treatment), Of(control));
        static UpliftFigure? Figure(UpliftEstimate? estimate, bool indicative) =>
            estimate is null ? null : new UpliftFigure(Math.Round(estimate.Value, 4), Math.Round(estimate.Lower, 4), Math.Round(estimate.Upper, 4), indicative);
        return (Figure(result.RevenuePerCustomerCuped ?? result.RevenuePerCustomer, result.IsIndicative), Figure(result.Conversion, result.IsIndicative));
    }

    /// <summary>Each drawn customer's revenue, orders and bottles in [start, end] and revenue in the same length before.</summary>
    public async Task<List<CustomerOutcome>> OutcomesAsync(long id, DateOnly start, DateOnly end, CancellationToken cancellationToken = default)
    {
        var length = end.DayNumber - start.DayNumber + 1;
        var preStart = start.AddDays(-Math.Max(length, 1));
        return await _database.QueryAsync("""
            SELECT r.grp,
                   COALESCE(SUM(CASE WHEN s.sale_date >= @start AND s.sale_date <= @end THEN COALESCE(s.amount_ttc, s.amount_ht * 1.2, 0) ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN s.sale_date >= @preStart AND s.sale_date < @start THEN COALESCE(s.amount_ttc, s.amount_ht * 1.2, 0) ELSE 0 END), 0),
                   COUNT(DISTINCT CASE WHEN s.sale_date >= @start AND s.sale_date <= @end AND s.document_type <> 'credit_note' THEN s.document_no END),
                   COALESCE(SUM(CASE WHEN s.sale_date >= @start AND s.sale_date <= @end THEN s.bottles ELSE 0 END), 0)
            FROM campaign_recipients r
            LEFT JOIN sales_lines s ON s.customer_code = r.customer_code AND s.sale_date >= @preStart AND s.sale_date <= @end
            WHERE r.campaign_id = @id AND r.grp IS NOT NULL
            GROUP BY r.customer_code, r.grp
            """, r => new CustomerOutcome(r.Text(0), r.Dbl(1), r.Dbl(2), r.Int(3) > 0, r.Int(3), r.Dbl(4)), cancellationToken,
            ("id", id), ("start", _database.DateParameter(start)), ("end", _database.DateParameter(end)), ("preStart", _database.DateParameter(preStart)));
    }

    private async Task<EngagementCounts> EngagementAsync(long id, CancellationToken cancellationToken)
    {
        var counts = await _events.CountByEventAsync(id, cancellationToken);
        int C(string e) => counts.GetValueOrDefault(e);
        return new EngagementCounts(C("delivered"), C("opened") + C("unique_opened") > 0 ? Math.Max(C("opened"), C("unique_opened")) : 0, C("click"), C("soft_bounce"), C("hard_bounce"), C("spam"), C("unsubscribed"), C("blocked"));
    }
}
