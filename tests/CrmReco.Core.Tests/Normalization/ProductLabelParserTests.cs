using CrmReco.Core.Normalization;

namespace CrmReco.Core.Tests.Normalization;

public sealed class ProductLabelParserTests
{
    [Theory]
    [InlineData("Riesling Grand Cru Schlossberg 2019", "Riesling", 2019, "white", false, false, true, 1.0)]
    [InlineData("RIESLING GC 2020", "Riesling", 2020, "white", false, false, true, 1.0)]
    [InlineData("Gewurztraminer VT 2018 50 cl", "Gewurztraminer", 2018, "white", false, true, false, 0.6667)]
    [InlineData("GEWÜRZTRAMINER V.T.", "Gewurztraminer", null, "white", false, true, false, 1.0)]
    [InlineData("GewÃ¼rztraminer Hengst 2017", "Gewurztraminer", 2017, "white", false, false, true, 1.0)]
    [InlineData("Gewurztraminer Sélection de Grains Nobles 37,5 cl", "Gewurztraminer", null, "white", false, true, false, 0.5)]
    [InlineData("Crémant d'Alsace Brut", null, null, "white", true, false, false, 1.0)]
    [InlineData("Crémant d'Alsace Rosé", null, null, "rose", true, false, false, 1.0)]
    [InlineData("Crémant d'Alsace Brut Carton de 6", null, null, "white", true, false, false, 6.0)]
    [InlineData("Pinot Noir 2021", "Pinot Noir", 2021, "red", false, false, false, 1.0)]
    [InlineData("Pinot Noir Rosé 2022", "Pinot Noir", 2022, "rose", false, false, false, 1.0)]
    [InlineData("Tokay Pinot Gris 1998", "Pinot Gris", 1998, "white", false, false, false, 1.0)]
    [InlineData("Klevener de Heiligenstein", "Pinot Blanc", null, "white", false, false, false, 1.0)]
    [InlineData("Riesling Réserve Magnum 2020", "Riesling", 2020, "white", false, false, false, 2.0)]
    [InlineData("Sylvaner caisse 12", "Sylvaner", null, "white", false, false, false, 12.0)]
    [InlineData("Muscat d'Alsace 2022", "Muscat", 2022, "white", false, false, false, 1.0)]
    [InlineData("Coffret cadeau 3 bouteilles", null, null, null, false, false, false, 1.0)]
    [InlineData("Verres à dégustation", null, null, null, false, false, false, 1.0)]
    public void Parse_AlsaceLabels_ReadsTheWine(string label, string? variety, int? vintage, string? colour, bool sparkling, bool lateHarvest, bool grandCru, double bottles)
    {
        var wine = ProductLabelParser.Parse(label);
        Assert.Equal(variety, wine.Variety);
        Assert.Equal(vintage, wine.Vintage);
        Assert.Equal(colour, wine.Colour);
        Assert.Equal(sparkling, wine.Sparkling);
        Assert.Equal(lateHarvest, wine.LateHarvest);
        Assert.Equal(grandCru, wine.GrandCru);
        Assert.Equal((decimal)bottles, wine.BottlesPerUnit);
    }

    [Fact]
    public void Parse_VintageColumn_WinsOverTheLabel() => Assert.Equal(2021, ProductLabelParser.Parse("Riesling 2019", "2021").Vintage);

    [Fact]
    public void Parse_NullLabel_IsUnknown() => Assert.Equal(Import.WineAttributes.Unknown, ProductLabelParser.Parse(null));
}
