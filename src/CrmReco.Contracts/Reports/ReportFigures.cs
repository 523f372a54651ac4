namespace CrmReco.Contracts.Reports;

// The figures of /api/overview and /api/reports/*. Definitions: docs/analytics.md, "Report figures".
// Money is incl. VAT and net of credit notes unless said otherwise; dates are the sales' delivery dates.

/// <summary>Revenue, orders, distinct buyers and bottles of one calendar month.</summary>
public sealed record MonthlyPoint(int Year, int Month, double Revenue, int Orders, int Customers, double Bottles);

/// <summary>Whole calendar years up to <see cref="AsOf"/> (months after it left out), for the overlaid chart.</summary>
public sealed record MonthlySeries(DateOnly AsOf, IReadOnlyList<int> Years, IReadOnlyList<MonthlyPoint> Points);

/// <summary>Revenue, orders and distinct buyers between two dates (both included).</summary>
public sealed record PeriodFigures(DateOnly From, DateOnly To, double Revenue, int Orders, int Customers);

/// <summary>1 January → as-of date against the same days of the previous year.</summary>
/// <param name="RevenueChange">Current / previous − 1; null when the previous period had no revenue.</param>
public sealed record YearToDate(DateOnly AsOf, PeriodFigures Current, PeriodFigures PreviousYear, double? RevenueChange);

/// <summary>Activity over the 12 months up to a date, and the gap between purchase days over the whole history.</summary>
/// <param name="ActiveCustomers">Customers with an order in (date − 12 months, date].</param>
/// <param name="Orders">Orders in that window.</param>
/// <param name="AverageOrderValue">Their total (all their lines) / their number; null without orders.</param>
/// <param name="AverageDaysBetweenOrders">Σ (last − first purchase day) / Σ (purchase days − 1) over customers with
/// two purchase days or more up to the date: the mean of all gaps between successive purchase days.</param>
public sealed record ActivityFigures(DateOnly AsOf, int ActiveCustomers, int Orders, double? AverageOrderValue, double? AverageDaysBetweenOrders);

/// <summary>The repeat rate over customers whose first order is at least 12 months old.</summary>
/// <param name="Rate">Repeaters / Customers; null when no customer is 12 months old yet.</param>
public sealed record RepeatRate(int Customers, int Repeaters, double? Rate);

/// <summary>Customers by the year or month of their first order, and how many ordered again within 12 months.</summary>
/// <param name="Cohort">"2024" or "2024-03".</param>
/// <param name="Customers">Customers whose first order falls in the cohort.</param>
/// <param name="Repeaters">Of them, those with an order on a later day within 12 months of the first (so far).</param>
/// <param name="Matured">Of them, those whose first order is at least 12 months before the as-of date.</param>
/// <param name="MaturedRepeaters">Repeaters among the matured customers.</param>
/// <param name="RepeatRate">MaturedRepeaters / Matured; null when none has matured.</param>
public sealed record CohortRow(string Cohort, int Customers, int Repeaters, int Matured, int MaturedRepeaters, double? RepeatRate);

/// <summary>The cohorts and the estate-wide repeat rate.</summary>
public sealed record CohortReport(DateOnly AsOf, string By, IReadOnlyList<CohortRow> Cohorts, RepeatRate Overall);

/// <summary>Sales of one value of a dimension (a variety, a colour, a price band or a month), optionally per month.</summary>
/// <param name="Key">The value; null when the product is unknown or does not say.</param>
/// <param name="Month">"yyyy-MM" when the report is split by month, else null.</param>
/// <param name="RevenueShare">This row's revenue / the report's total revenue.</param>
public sealed record SalesByRow(string? Key, string? Month, double Revenue, double RevenueShare, double Bottles, int Orders, int Customers);

/// <summary>Sales by a dimension over a period.</summary>
public sealed record SalesByReport(string Dimension, DateOnly From, DateOnly To, double TotalRevenue, IReadOnlyList<SalesByRow> Rows);

/// <summary>One band of the CLV distribution: [From, To) in euros (To null for the last band).</summary>
public sealed record ClvBand(double From, double? To, int Customers, double TotalClv);

/// <summary>The 12-month CLV of the latest analytics run, in bands.</summary>
public sealed record ClvDistribution(long? RunId, DateOnly? AsOf, int Customers, double TotalClv, double? MeanClv, double? MedianClv, IReadOnlyList<ClvBand> Bands);

/// <summary>A customer among the best by revenue.</summary>
public sealed record TopCustomer(
    string Code,
    string? LastName,
    string? FirstName,
    string? City,
    double Revenue,
    int Orders,
    double Bottles,
    DateOnly? FirstOrder,
    DateOnly? LastOrder,
    string? Segment);

/// <summary>The best customers by net revenue over a period.</summary>
public sealed record TopCustomersReport(DateOnly From, DateOnly To, IReadOnlyList<TopCustomer> Customers);

/// <summary>How many customers placed <see cref="Orders"/> orders (<see cref="OrMore"/>: that many or more).</summary>
public sealed record OrdersBucket(int Orders, bool OrMore, int Customers, double Revenue);

/// <summary>Customers by their number of orders up to the as-of date (0 = in the customer file, no order).</summary>
public sealed record OrdersHistogram(DateOnly AsOf, int Customers, IReadOnlyList<OrdersBucket> Buckets);

/// <summary>Customers of a segment in the latest analytics run.</summary>
public sealed record SegmentSize(string Segment, string SegmentFr, string SegmentEn, int Customers);

/// <summary>The latest import and what went wrong in it.</summary>
/// <param name="RowsRejected">Rows quarantined (see /api/imports/{id}/rejects).</param>
/// <param name="RejectedFiles">Files refused (unreadable, unknown kind…), not loaded.</param>
public sealed record LastImport(long Id, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Status, int RowsRead, int RowsLoaded, int RowsRejected, int RejectedFiles);

/// <summary>A campaign on the overview: the next scheduled one (At = its send date) or the last sent (At = when it was sent).</summary>
/// <param name="Status">The campaign's state (draft, approved, sending, sent, cancelled).</param>
/// <param name="Recipients">Customers mailed (last campaign) or to be mailed (next campaign): the treatment group.</param>
/// <param name="Control">Customers held out to measure it.</param>
/// <param name="Buyers">Treatment customers who bought in the report window (last campaign only).</param>
/// <param name="Revenue">Treatment revenue in the report window (last campaign only).</param>
/// <param name="RevenueUplift">Revenue per customer, treatment − control, with its interval; null without a control group.</param>
/// <param name="IncrementalRevenue">The uplift × the treatment customers; null without an uplift.</param>
/// <param name="WindowEnd">The report window's last day (the latest sale imported, or the window's end).</param>
public sealed record OverviewCampaign(
    long Id,
    string Name,
    string Status,
    DateTimeOffset? At,
    int Recipients = 0,
    int Control = 0,
    int? Buyers = null,
    double? Revenue = null,
    Campaigns.UpliftFigure? RevenueUplift = null,
    double? IncrementalRevenue = null,
    DateOnly? WindowEnd = null);

/// <summary>Everything the overview page (/) shows, in one call.</summary>
/// <param name="AsOf">The date the figures are computed at: the latest sale date (the clock's date when there is no sale).</param>
/// <param name="ActiveCustomers">Customers with an order in the 12 months up to <see cref="AsOf"/>.</param>
/// <param name="AverageOrderValue">Over the orders of the 12 months up to <see cref="AsOf"/>; null without orders.</param>
/// <param name="AverageDaysBetweenOrders">Mean gap between a customer's successive purchase days; null without repeaters.</param>
/// <param name="DataHealthScore">0–100, as /api/data-health.</param>
public sealed record Overview(
    DateOnly AsOf,
    YearToDate YearToDate,
    MonthlySeries Monthly,
    int Customers,
    int ActiveCustomers,
    RepeatRate RepeatRate,
    double? AverageOrderValue,
    double? AverageDaysBetweenOrders,
    long? AnalyticsRunId,
    IReadOnlyList<SegmentSize> Segments,
    int DataHealthScore,
    LastImport? LastImport,
    OverviewCampaign? NextCampaign,
    OverviewCampaign? LastCampaign);
