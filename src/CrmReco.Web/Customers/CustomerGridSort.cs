namespace CrmReco.Web.Customers;

/// <summary>The grid's sortable columns and the API's sort keys for them (GET /api/customers?sort=).</summary>
public static class CustomerGridSort
{
    private static readonly Dictionary<string, string> Keys = new(StringComparer.Ordinal)
    {
        [nameof(CustomerListItem.Code)] = "code",
        [nameof(CustomerListItem.LastName)] = "name",
        [nameof(CustomerListItem.City)] = "city",
        [nameof(CustomerListItem.SegmentFr)] = "segment",
        [nameof(CustomerListItem.SegmentEn)] = "segment",
        [nameof(CustomerListItem.Clv12Months)] = "clv",
        [nameof(CustomerListItem.ProbabilityAlive)] = "pAlive",
        [nameof(CustomerListItem.Monetary)] = "monetary",
        [nameof(CustomerListItem.Orders)] = "orders",
    };

    /// <summary>"-clv" for a descending sort on CLV; null when the column has no API sort.</summary>
    public static string? ToApi(string? column, bool descending) =>
        column is not null && Keys.TryGetValue(column, out var key) ? (descending ? "-" : "") + key : null;
}
