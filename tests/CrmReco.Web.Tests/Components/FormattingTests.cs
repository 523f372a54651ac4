using System.Globalization;
using CrmReco.Web.Formatting;

namespace CrmReco.Web.Tests.Components;

public sealed class FormattingTests
{
    /// <summary>French writes spaces (narrow no-break) between thousands; compare with plain spaces.</summary>
    private static string Plain(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ');

    [Fact]
    public void Money_French_WritesSpacesCommaAndEuroAfter()
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
        Assert.Equal("1 234,56 €", Plain(Display.Money(1234.56m)));
    }

    [Fact]
    public void Money_English_StaysInEurosWithTheSymbolFirst()
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-GB");
        Assert.Equal("€1,234.56", Display.Money(1234.56m));
    }

    [Fact]
    public void Date_French_IsDayMonthYear()
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
        Assert.Equal("07/12/2026", Display.Date(new DateOnly(2026, 12, 7)));
    }

    [Fact]
    public void Change_Negative_HasNoPlusSign()
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
        Assert.Equal("+12 %", Plain(Display.Change(0.12)));
        Assert.Equal("-3 %", Plain(Display.Change(-0.03)));
    }
}
