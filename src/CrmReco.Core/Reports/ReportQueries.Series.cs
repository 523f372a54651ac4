using System.Data.Common;
using System.Globalization;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Reports;

public sealed partial class ReportQueries
{
    /// <summary>
    /// Revenue, orders, buyers and bottles per calendar month ("yyyy-MM") between two dates, both included, for the
    /// months with sales lines: the months wholly inside the period from the pre-aggregated series
    /// (<see cref="MonthlySalesSeries"/>), the first and last months when the period cuts them from the sales lines
    /// of those days only (an index range on the sale date). The same figures as one GROUP BY over the period's lines.
    /// </summary>
    private async Task<Dictionary<string, MonthFigures>> MonthsAsync(DbConnection connection, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var months = new Dictionary<string, MonthFigures>(StringComparer.Ordinal);
        var firstWhole = from.Day == 1 ? from : new DateOnly(from.Year, from.Month, 1).AddMonths(1);
        var afterLast = to.AddDays(1);
        var endWhole = afterLast.Day == 1 ? afterLast : new DateOnly(to.Year, to.Month, 1); // first day after the whole months
        if (firstWhole < endWhole)
        {
            foreach (var row in await SqlReading.QueryAsync(connection, null, "SELECT month, revenue, orders, buyers, bottles FROM monthly_sales WHERE month >= @from AND month < @to",
                r => new MonthFigures(r.Text(0), r.Dbl(1), r.Int(2), r.Int(3), r.Dbl(4)), cancellationToken,
                ("from", Key(firstWhole)), ("to", Key(endWhole))))
            {
                months[row.Month] = row;
            }

            await PartAsync(from, firstWhole.AddDays(-1));
            await PartAsync(endWhole, to);
        }
        else
        {
            await PartAsync(from, to); // no whole month: at most two cut months
        }

        return months;

        async Task PartAsync(DateOnly start, DateOnly end)
        {
            if (start > end)
            {
                return;
            }

            foreach (var row in await SqlReading.QueryAsync(connection, null, $"""
                SELECT {MonthOf("s.sale_date")}, SUM({Amount}), COUNT(DISTINCT CASE WHEN {Bought} THEN s.customer_code || '|' || s.document_no END),
                       COUNT(DISTINCT CASE WHEN {Bought} THEN s.customer_code END), SUM(s.bottles)
                FROM sales_lines s WHERE s.sale_date >= @from AND s.sale_date <= @to
                GROUP BY {MonthOf("s.sale_date")}
                """, r => new MonthFigures(r.Text(0), r.Dbl(1), r.Int(2), r.Int(3), r.Dbl(4)), cancellationToken,
                ("from", _database.DateParameter(start)), ("to", _database.DateParameter(end))))
            {
                months[row.Month] = row;
            }
        }
    }

    private static string Key(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private sealed record MonthFigures(string Month, double Revenue, int Orders, int Buyers, double Bottles);
}
