using System.Data.Common;
using System.Globalization;
using CrmReco.Contracts.Reports;
using CrmReco.Core.Dashboard;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Reports;

public sealed partial class ReportQueries
{
    /// <summary>Everything the overview page shows (see <see cref="Overview"/>), at <paramref name="asOf"/>
    /// (default: <see cref="DefaultAsOfAsync"/>). The campaign cards are left null here: the API fills them from Email.OverviewCampaigns.</summary>
    public async Task<Overview> OverviewAsync(DateOnly? asOf = null, CancellationToken cancellationToken = default)
    {
        var date = asOf ?? await DefaultAsOfAsync(cancellationToken);
        ScopedStamp.Value = await ReadStampAsync(cancellationToken); // reverted when this method returns
        var ytd = await YearToDateAsync(date, cancellationToken);
        var monthly = await MonthlyAsync(3, date, cancellationToken);
        var cohorts = await CohortsAsync("year", date, cancellationToken);
        var activity = await ActivityAsync(date, cancellationToken);
        var segments = await CachedAsync("segments", _ => _dashboard.SegmentsAsync(null, cancellationToken), cancellationToken);
        var health = await DataHealthAsync(0, cancellationToken); // cached per day as well as per state of the data
        var (customers, lastImport) = await CachedAsync("customers-import", async connection =>
            new CustomersAndImport(
                (int)await SqlDatabase.ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM customers", cancellationToken),
                await LastImportAsync(connection, cancellationToken)), cancellationToken);
        return new Overview(
            date,
            ytd,
            monthly,
            customers,
            activity.ActiveCustomers,
            cohorts.Overall,
            activity.AverageOrderValue,
            activity.AverageDaysBetweenOrders,
            segments.RunId,
            segments.Segments.Select(s => new SegmentSize(s.Segment, s.SegmentFr, s.SegmentEn, s.Customers)).ToList(),
            health.Score,
            lastImport,
            NextCampaign: null,
            LastCampaign: null);
    }

    /// <summary>Active customers, orders and average order value over the 12 months up to <paramref name="asOf"/>,
    /// and the average days between purchase days up to it.</summary>
    public async Task<ActivityFigures> ActivityAsync(DateOnly? asOf = null, CancellationToken cancellationToken = default)
    {
        var date = asOf ?? await DefaultAsOfAsync(cancellationToken);
        return await CachedAsync($"activity|{date:O}", async connection =>
        {
            (string Name, object? Value)[] window = [("from", _database.DateParameter(date.AddMonths(-12).AddDays(1))), ("to", _database.DateParameter(date))];
            var orders = (await SqlReading.QueryAsync(connection, null, $"""
                SELECT COUNT(*), SUM(amount), COUNT(DISTINCT customer_code) FROM (
                    SELECT s.customer_code, s.document_no, SUM({Amount}) AS amount FROM sales_lines s
                    WHERE s.document_type <> 'credit_note' AND s.sale_date >= @from AND s.sale_date <= @to
                    GROUP BY s.customer_code, s.document_no HAVING MAX(s.bottles) > 0) o
                """, r => (Orders: r.Int(0), Amount: r.Dbl(1), Customers: r.Int(2)), cancellationToken, window))[0];
            var gaps = (await SqlReading.QueryAsync(connection, null, $"""
                SELECT SUM(span), SUM(n - 1) FROM (
                    SELECT customer_code, {DaysBetween("MIN(d)", "MAX(d)")} AS span, COUNT(*) AS n FROM (
                        SELECT s.customer_code, s.sale_date AS d FROM sales_lines s WHERE {Bought} AND s.sale_date <= @to GROUP BY s.customer_code, s.sale_date) days
                    GROUP BY customer_code HAVING COUNT(*) > 1) g
                """, r => (Days: r.Dbl(0), Gaps: r.Long(1)), cancellationToken, ("to", _database.DateParameter(date))))[0];
            return new ActivityFigures(
                date,
                orders.Customers,
                orders.Orders,
                orders.Orders > 0 ? orders.Amount / orders.Orders : null,
                gaps.Gaps > 0 ? gaps.Days / gaps.Gaps : null);
        }, cancellationToken);
    }

    private static async Task<LastImport?> LastImportAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var rows = await SqlReading.QueryAsync(connection, null, """
            SELECT i.id, i.started_at, i.finished_at, i.status, i.rows_read, i.rows_loaded, i.rows_rejected,
                   (SELECT COUNT(*) FROM import_files f WHERE f.import_id = i.id AND f.status = 'rejected')
            FROM imports i ORDER BY i.id DESC LIMIT 1
            """, r => new LastImport(r.Long(0), r.Time(1)!.Value, r.Time(2), r.Text(3), r.Int(4), r.Int(5), r.Int(6), r.Int(7)), cancellationToken);
        return rows.Count > 0 ? rows[0] : null;
    }

    private sealed record CustomersAndImport(int Customers, LastImport? LastImport);
}
