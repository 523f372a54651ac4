using CrmReco.Web.Formatting;
using CrmReco.Web.Resources;
using Microsoft.Extensions.Localization;

namespace CrmReco.Web.Customers;

/// <summary>The one-line plain reading of a customer's scores ("Fidèle : 5 commandes…").</summary>
public static class CustomerReading
{
    public static string Of(CustomerScores scores, IStringLocalizer<Strings> text, bool french)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(text);
        return text["Customer_Reading",
            french ? scores.SegmentFr : scores.SegmentEn,
            scores.Orders,
            scores.RecencyDays,
            Display.Percent(scores.ProbabilityAlive),
            Display.Money(scores.Clv12Months, 0),
            scores.IsDue ? text["Customer_Due", Display.Date(scores.NextOrderDate)] : text["Customer_NextOrder", Display.Date(scores.NextOrderDate)]];
    }
}
