using System.Globalization;

namespace CrmReco.Web.Formatting;

/// <summary>How the dashboard writes amounts, dates and shares, in the current culture (fr-FR: 1 234,56 €, 07/12/2026).
/// Amounts are in euros whatever the language.</summary>
public static class Display
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, NumberFormatInfo> Euros = new(StringComparer.Ordinal);

    public static string Money(decimal? amount, int decimals = 2) => amount is null ? "—" : amount.Value.ToString("C" + decimals.ToString(CultureInfo.InvariantCulture), EuroFor(CultureInfo.CurrentCulture));

    public static string Money(double? amount, int decimals = 2) => Money(amount is null ? null : (decimal?)Math.Round((decimal)amount.Value, decimals), decimals);

    public static string Date(DateOnly? date) => date?.ToString("d", CultureInfo.CurrentCulture) ?? "—";

    public static string Date(DateTimeOffset? at) => at?.ToLocalTime().ToString("d", CultureInfo.CurrentCulture) ?? "—";

    public static string DateTime(DateTimeOffset? at) => at?.ToLocalTime().ToString("g", CultureInfo.CurrentCulture) ?? "—";

    public static string Number(double? value, int decimals = 0) => value?.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.CurrentCulture) ?? "—";

    public static string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Percent(double? share, int decimals = 0) => share?.ToString("P" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.CurrentCulture) ?? "—";

    /// <summary>A signed change, "+12 %" or "−3 %".</summary>
    public static string Change(double? change) => change is null ? "—" : (change >= 0 ? "+" : string.Empty) + change.Value.ToString("P0", CultureInfo.CurrentCulture);

    public static string MonthAbbreviation(int month) => CultureInfo.CurrentCulture.DateTimeFormat.GetAbbreviatedMonthName(month);

    private static NumberFormatInfo EuroFor(CultureInfo culture) => Euros.GetOrAdd(culture.Name, _ => CreateEuro(culture));

    private static NumberFormatInfo CreateEuro(CultureInfo culture)
    {
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        format.CurrencySymbol = "€";
        if (!culture.Name.StartsWith("fr", StringComparison.Ordinal))
        {
            format.CurrencyPositivePattern = 0; // €1,234.56
            format.CurrencyNegativePattern = 1; // -€1,234.56
        }

        return format;
    }
}
