using CrmReco.Core.Storage;

namespace CrmReco.Core.Dashboard;

public sealed partial class DashboardQueries
{
    /// <summary>The recency × frequency grid of a run (the latest when <paramref name="runId"/> is null): customers
    /// and revenue per (R, F) cell, and the segment most of the cell's customers are in.</summary>
    public async Task<RfmGrid> RfmGridAsync(long? runId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var run = await SqlReading.QueryAsync(connection, null, "SELECT id, as_of FROM analytics_runs WHERE id = " + (runId is null ? LatestAnalyticsRun : "@run"),
            r => (Id: r.Long(0), AsOf: r.Date(1)), cancellationToken, runId is null ? [] : [("run", runId)]);
        if (run.Count == 0)
        {
            return new RfmGrid(null, null, 5, []);
        }

        var rows = await SqlReading.QueryAsync(connection, null, """
            SELECT r_score, f_score, segment, COUNT(*), SUM(monetary) FROM customer_scores WHERE run_id = @run
            GROUP BY r_score, f_score, segment
            """, r => (R: r.Int(0), F: r.Int(1), Segment: r.Text(2), Customers: r.Int(3), Revenue: r.Dbl(4)), cancellationToken, ("run", run[0].Id));
        var cells = rows.GroupBy(r => (r.R, r.F)).OrderByDescending(g => g.Key.R).ThenBy(g => g.Key.F).Select(g =>
        {
            var main = g.OrderByDescending(r => r.Customers).ThenBy(r => r.Segment, StringComparer.Ordinal).First().Segment;
            var (fr, en) = SegmentNames(main);
            return new RfmCell(g.Key.R, g.Key.F, g.Sum(r => r.Customers), g.Sum(r => r.Revenue), main, fr, en);
        }).ToList();
        var max = Math.Max(5, cells.Count == 0 ? 0 : Math.Max(cells.Max(c => c.R), cells.Max(c => c.F)));
        return new RfmGrid(run[0].Id, run[0].AsOf, max, cells);
    }
}
