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
        var (summary, days, sentAt, start, end, outcomes) = await WindowAsync(id, windowDays, cancellationToken);
        var engagement = await EngagementAsync(id, cancellationToken);
        if (sentAt is null)
        {
            return new CampaignReport(id, summary.Name, null, null, null, days, [], null, null, null, engagement, "not sent yet: no results");
        }

        var groups = Groups(outcomes);
        // Sent after the latest sales import: an empty window has no uplift to estimate (not a measured zero).
        var (revenueUplift, conversionUplift) = end < start ? (null, null)
            : Uplift(outcomes.Where(o => o.Group == CampaignGroups.Treatment).ToList(), outcomes.Where(o => o.Group == CampaignGroups.Control).ToList());
        double? incremental = revenueUplift is null ? null : Math.Round(revenueUplift.Estimate * groups[0].Customers, 2);
        var note = end < start ? "no sales imported since the send yet"
            : revenueUplift is null ? "no uplift: it needs customers in both the treatment and the control group"
            : revenueUplift.Indicative ? $"{UpliftEstimator.IndicativeLabel}: fewer than {UpliftEstimator.MinCustomers} customers or {UpliftEstimator.MinBuyers} buyers in a group" : null;
        return new CampaignReport(id, summary.Name, sentAt, start, end, days, groups, revenueUplift, conversionUplift, incremental, engagement, note);
    }

    /// <summary>Several campaigns pooled (a season): each campaign's uplift over its own window, combined as strata
    /// by <see cref="UpliftEstimator.Pool"/>; campaigns not sent or without a control group are left out (and counted).</summary>
    public async Task<PooledCampaignReport> PooledReportAsync(IReadOnlyList<long> ids, int? windowDays = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            throw new ArgumentException("Name at least one campaign to pool.", nameof(ids));
        }

        var results = new List<UpliftResult>();
        var all = new List<CustomerOutcome>();
        foreach (var id in ids.Distinct())
        {
            var (_, _, sentAt, start, end, outcomes) = await WindowAsync(id, windowDays, cancellationToken);
            if (sentAt is null || end < start)
            {
                continue;
            }

            static List<GroupOutcome> Of(IEnumerable<CustomerOutcome> o) => o.Select(x => new GroupOutcome(x.Revenue, x.PreRevenue, x.Converted)).ToList();
            var result = UpliftEstimator.Estimate(Of(outcomes.Where(o => o.Group == CampaignGroups.Treatment)), Of(outcomes.Where(o => o.Group == CampaignGroups.Control)));
            if (result.Status == UpliftStatus.Estimated)
            {
                results.Add(result);
                all.AddRange(outcomes);
            }
        }

        var pooled = UpliftEstimator.Pool(results);
        static UpliftFigure? Figure(UpliftEstimate? e, bool indicative) => e is null ? null : new UpliftFigure(Math.Round(e.Value, 4), Math.Round(e.Lower, 4), Math.Round(e.Upper, 4), indicative);
        var note = results.Count == 0 ? "no campaign with sales after its send and a control group to pool"
            : pooled.IsIndicative ? $"{UpliftEstimator.IndicativeLabel}: fewer than {UpliftEstimator.MinCustomers} customers or {UpliftEstimator.MinBuyers} buyers in a group" : null;
        return new PooledCampaignReport(ids.Distinct().ToList(), results.Count, Groups(all),
            Figure(pooled.RevenuePerCustomerCuped ?? pooled.RevenuePerCustomer, pooled.IsIndicative), Figure(pooled.Conversion, pooled.IsIndicative),
            pooled.IncrementalRevenueCuped is { } inc ? Math.Round(inc.Value, 2) : null, note);
    }

    /// <summary>A campaign's window after sending (as of the latest sales import) and its customers' outcomes in it.</summary>
    private async Task<(CampaignSummary Summary, int Days, DateTimeOffset? SentAt, DateOnly Start, DateOnly End, List<CustomerOutcome> Outcomes)> WindowAsync(long id, int? windowDays, CancellationToken cancellationToken)
    {
        var summary = await _store.GetSummaryAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No campaign {id.ToString(CultureInfo.InvariantCulture)}.");
        var days = windowDays ?? _options.ReportWindowDays;
        var sentAt = summary.SentAt ?? (await _database.QueryAsync("SELECT send_started_at FROM campaigns WHERE id = @id", r => r.Time(0), cancellationToken, ("id", id)))[0];
        if (sentAt is null)
        {
            return (summary, days, null, default, default, []);
        }

        var start = DateOnly.FromDateTime(sentAt.Value.UtcDateTime);
        var latest = (await _database.QueryAsync("SELECT MAX(sale_date) FROM sales_lines", r => r.Date(0), cancellationToken))[0];
        var end = start.AddDays(days - 1);
        if (latest is { } l && l < end)
        {
            end = l; // as of the latest sales import
        }

        return (summary, days, sentAt, start, end, await OutcomesAsync(id, start, end, cancellationToken));
    }

    private static List<GroupResult> Groups(List<CustomerOutcome> outcomes) => new[] { CampaignGroups.Treatment, CampaignGroups.Control }.Select(g =>
    {
        var members = outcomes.Where(o => o.Group == g).ToList();
        var revenue = members.Sum(o => o.Revenue);
        return new GroupResult(g, members.Count, members.Count(o => o.Converted), members.Sum(o => o.Orders), Math.Round(members.Sum(o => o.Bottles), 2), Math.Round(revenue, 2),
            members.Count == 0 ? 0 : Math.Round(revenue / members.Count, 2), members.Count == 0 ? 0 : members.Count(o => o.Converted) / (double)members.Count);
    }).ToList();

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
