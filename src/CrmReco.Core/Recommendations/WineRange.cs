using System.Globalization;
using CrmReco.Core.Transactions;

namespace CrmReco.Core.Recommendations;

/// <summary>Range levels of the estate's wines: 0 classique, 1 réserve / vieilles vignes, 2 grand cru, 3 late
/// harvest and noble rot (VT, SGN) or the "Prestige" tier.</summary>
public static class WineRange
{
    public static int? Of(string? premiumTier, bool isGrandCru, bool isLateHarvest)
    {
        var tier = premiumTier?.Trim() ?? string.Empty;
        bool Has(string word) => tier.Contains(word, StringComparison.OrdinalIgnoreCase);
        if (isLateHarvest || Has("prestige") || Has("vendanges") || Has("sgn") || Has("grains nobles"))
        {
            return 3;
        }

        if (isGrandCru || Has("grand cru"))
        {
            return 2;
        }

        if (Has("réserve") || Has("reserve") || Has("vieilles vignes"))
        {
            return 1;
        }

        return tier.Length > 0 ? 0 : null;
    }
}
