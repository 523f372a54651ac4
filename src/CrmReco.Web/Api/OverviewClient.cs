using CrmReco.Contracts.Reports;
using CrmReco.Web.Overview;

namespace CrmReco.Web.Api;

/// <summary>The overview page's data: GET /api/overview (figures computed in SQL and cached by the server) and the
/// segment report the segment bars show.</summary>
public sealed class OverviewClient(ApiHttp api)
{
    public async Task<OverviewFigures> GetAsync(CancellationToken cancellationToken = default)
    {
        var segments = api.GetAsync<SegmentReport>("api/segments", cancellationToken);
        var overview = await api.GetAsync<Contracts.Reports.Overview>("api/overview", cancellationToken);
        return OverviewFigures.FromOverview(overview, await segments);
    }
}
