using System.Globalization;
using CrmReco.Web.Overview;

namespace CrmReco.Web.Api;

/// <summary>The overview page's data in one call. Built from /api/sales, /api/segments, /api/data-health and
/// /api/imports for now; switches to GET /api/overview when the API serves it.</summary>
public sealed class OverviewClient(ApiHttp api, TimeProvider time)
{
    private const int SalesPage = 500;

    public async Task<OverviewFigures> GetAsync(CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);
        var from = OverviewFigures.WindowStart(today).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var segments = api.GetAsync<SegmentReport>("api/segments", cancellationToken);
        var health = api.GetAsync<DataHealthReport>("api/data-health?sample=1", cancellationToken);
        var imports = api.GetAsync<Page<ImportRunInfo>>("api/imports?limit=1", cancellationToken);
        var sales = new List<SaleListItem>();
        for (var offset = 0; ; offset += SalesPage)
        {
            var page = await api.GetAsync<Page<SaleListItem>>(
                string.Create(CultureInfo.InvariantCulture, $"api/sales?from={from}&offset={offset}&limit={SalesPage}"), cancellationToken);
            sales.AddRange(page.Items);
            if (page.Items.Count < SalesPage || sales.Count >= page.Total)
            {
                break;
            }
        }

        return OverviewFigures.FromSales(today, sales, await segments, (await health).Score, (await imports).Items.FirstOrDefault());
    }
}
