using System.Globalization;
using CrmReco.Core.Dashboard;

namespace CrmReco.Api.Customers;

/// <summary>The consent and range filters of the customer list and its export:
/// ?emailable=true&amp;pAliveMin=0.5&amp;pAliveMax=1&amp;clvMin=100&amp;clvMax=2000.</summary>
public readonly record struct CustomerConditions(bool? Emailable, double? PAliveMin, double? PAliveMax, double? ClvMin, double? ClvMax)
{
    /// <summary>A ProblemDetails-ready message when a bound is out of range, else null.</summary>
    public string? Validate()
    {
        if (PAliveMin is < 0 or > 1 || PAliveMax is < 0 or > 1)
        {
            return "pAliveMin and pAliveMax are probabilities, between 0 and 1.";
        }

        if (PAliveMin > PAliveMax)
        {
            return "pAliveMin must not be above pAliveMax.";
        }

        if (ClvMin > ClvMax)
        {
            return "clvMin must not be above clvMax.";
        }

        return null;
    }

    public CustomerFilter Apply(CustomerFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return filter with { Emailable = Emailable, PAliveMin = PAliveMin, PAliveMax = PAliveMax, ClvMin = ClvMin, ClvMax = ClvMax };
    }
}

/// <summary>The columns of the customer list export.</summary>
internal static class CustomerTable
{
    public static readonly string[] Header =
        ["code_client", "nom", "prenom", "email", "contactable", "code_postal", "ville", "segment", "scenario", "clv_12_mois", "p_actif", "montant", "commandes"];

    public static IReadOnlyList<string?> Cells(CustomerExportRow r) =>
    [
        r.Code, r.LastName, r.FirstName, r.Email, r.Emailable ? "oui" : "non", r.PostalCode, r.City, r.SegmentFr, r.Scenario,
        r.Clv12Months?.ToString("0.00", CultureInfo.InvariantCulture), r.ProbabilityAlive?.ToString("0.0000", CultureInfo.InvariantCulture),
        r.Monetary?.ToString("0.00", CultureInfo.InvariantCulture), r.Orders?.ToString(CultureInfo.InvariantCulture),
    ];
}
