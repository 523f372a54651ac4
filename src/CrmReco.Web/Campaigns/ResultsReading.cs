using CrmReco.Contracts.Campaigns;

namespace CrmReco.Web.Campaigns;

/// <summary>How a campaign's results may be read: not yet measurable (no sale imported since the send), only
/// indicative (groups too small for the estimator), or measured.</summary>
public static class ResultsReading
{
    /// <summary>Sent after the latest sales import: the measurement window has not begun in the data.</summary>
    public static bool NotYetMeasurable(CampaignReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.WindowStart is not null && report.WindowEnd < report.WindowStart;
    }

    /// <summary>There are sales to measure, but the estimator calls the uplift indicative (or gives none).</summary>
    public static bool Indicative(CampaignReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return !NotYetMeasurable(report) && report.RevenueUplift?.Indicative != false && report.ConversionUplift?.Indicative != false;
    }
}
