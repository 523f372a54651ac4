using CrmReco.Core.Import;
using CrmReco.Core.Import.Mapping;
using CrmReco.Core.Import.Reading;
using S = CrmReco.Core.Import.Columns.Sales;

namespace CrmReco.Core.Tests.Mapping;

public sealed class MapperTests
{
    private static readonly string[] SalesHeaders = ["Code client", "Date livraison", "Désignation", "Qté", "Montant HT", "Montant TTC", "Type pièce", "N° pièce", "Code article", "E-mail", "CP", "Ville"];
    private static readonly ColumnMap Sales = HeaderAliases.Default.Resolve(ExportKind.Sales, SalesHeaders, "v.csv");

    private static RawRow Row(params string?[] fields) => new(7, fields);

    [Fact]
    public void SalesMap_ValidRow_IsNormalized()
    {
        var result = SalesLineMapper.Map(Row(" C001 ", "27/12/2024", "CrÃ©mant d'Alsace Brut Carton de 6", "2", "90,83", "109,00", "FACTURE", "FA-1", "CRE-C6", "A@B.FR", "6000", "NICE"), Sales);
        var line = Assert.IsType<SalesLineRecord>(result.Record);
        Assert.Equal("C001", line.CustomerCode);
        Assert.Equal(new DateOnly(2024, 12, 27), line.Date);
        Assert.Equal("Crémant d'Alsace Brut Carton de 6", line.Label);
        Assert.Equal(2m, line.Quantity);
        Assert.Equal(12m, line.Bottles);
        Assert.Equal(109.00m, line.AmountTtc);
        Assert.Equal(DocumentType.Sale, line.DocumentType);
        Assert.Equal("a@b.fr", line.Email);
        Assert.Equal("06000", line.PostalCode);
        Assert.Equal("Nice", line.City);
        Assert.Equal(7, line.SourceLine);
    }

    [Fact]
    public void SalesMap_CreditNote_IsNegativeWhateverThePrintedSign()
    {
        var line = SalesLineMapper.Map(Row("C001", "27/12/2024", "Riesling", "2", "20,00", "24,00", "AVOIR", "AV-1", "RIE", null, null, null), Sales).Record!;
        Assert.Equal(DocumentType.CreditNote, line.DocumentType);
        Assert.Equal(-2m, line.Quantity);
        Assert.Equal(-20m, line.AmountHt);
        Assert.Equal(-24m, line.AmountTtc);
    }

    [Theory]
    [InlineData(0, "", S.ClientCode)]
    [InlineData(1, "31/02/2024", S.Date)]
    [InlineData(1, "", S.Date)]
    [InlineData(3, "abc", S.Quantity)]
    [InlineData(4, "douze", S.AmountHt)]
    [InlineData(6, "DEVIS", S.DocumentType)]
    [InlineData(7, "", S.DocumentNo)]
    public void SalesMap_BadField_QuarantinesWithColumnAndRawValue(int index, string raw, string column)
    {
        string?[] fields = ["C001", "27/12/2024", "Riesling", "6", "50,00", "60,00", "FACTURE", "FA-1", "RIE", null, null, null];
        fields[index] = raw;
        var result = SalesLineMapper.Map(Row(fields), Sales);
        Assert.False(result.IsValid);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(column, issue.Column);
        Assert.Equal(raw.Length == 0 ? null : raw, issue.RawValue is { Length: > 0 } ? issue.RawValue : null);
        Assert.False(string.IsNullOrWhiteSpace(issue.Reason));
    }

    [Fact]
    public void SalesMap_SeveralBadFields_ReportsThemAll()
    {
        var result = SalesLineMapper.Map(Row("", "99/99/9999", "x", "abc", null, null, "FACTURE", "FA-1", null, null, null, null), Sales);
        Assert.Equal([S.ClientCode, S.Date, S.Quantity], result.Issues.Select(i => i.Column).ToArray());
    }

    [Fact]
    public void CustomerMap_InvalidEmailAndGarbagePhone_KeepsTheCustomer()
    {
        var columns = HeaderAliases.Default.Resolve(ExportKind.Customers, ["Code client", "Nom", "Prénom", "E-mail", "Téléphone", "CP", "Ville", "Pays"], "c.csv");
        var customer = CustomerMapper.Map(new RawRow(2, ["C9", "DUPONT", "jean", "jean at free.fr", "n/a", "1000", "BOURG-EN-BRESSE", "France"]), columns).Record!;
        Assert.Equal("Dupont", customer.LastName);
        Assert.Equal("Jean", customer.FirstName);
        Assert.False(customer.EmailValid);
        Assert.NotNull(customer.Email);
        Assert.Null(customer.Phone);
        Assert.Equal("01000", customer.PostalCode);
        Assert.Equal("Bourg-en-Bresse", customer.City);
    }

    [Fact]
    public void CustomerMap_NoCode_IsQuarantined() =>
        Assert.Equal(Columns.Customers.ClientCode, Assert.Single(CustomerMapper.Map(new RawRow(2, [" ", "Dupont"]), HeaderAliases.Default.Resolve(ExportKind.Customers, ["Code client", "Nom"], "c.csv")).Issues).Column);

    [Fact]
    public void ProductMap_PriceAndWine_AreRead()
    {
        var columns = HeaderAliases.Default.Resolve(ExportKind.Products, ["Désignation", "Code article", "Millésime", "Prix TTC"], "p.csv");
        var product = ProductMapper.Map(new RawRow(2, ["Riesling Grand Cru Schlossberg", "RIE-GC", "2019", "29,00"]), columns).Record!;
        Assert.Equal(29.00m, product.PriceTtc);
        Assert.Equal(2019, product.Wine.Vintage);
        Assert.True(product.Wine.GrandCru);
        Assert.False(ProductMapper.Map(new RawRow(3, ["x", "A", null, "cher"]), columns).IsValid);
    }

    [Fact]
    public void Stubs_FromASalesLine_CarryWhatTheLineKnows()
    {
        var line = SalesLineMapper.Map(Row("C5", "01/01/2025", "Pinot Noir 2021", "1", null, null, "", "FA-9", "PN-21", "x@y.fr", "67000", "Strasbourg"), Sales).Record!;
        var customer = SalesLineMapper.StubCustomerFrom(line);
        Assert.True(customer.IsStub);
        Assert.True(customer.EmailValid);
        Assert.Equal("Strasbourg", customer.City);
        var product = SalesLineMapper.StubProductFrom(line)!;
        Assert.True(product.IsStub);
        Assert.Equal("Pinot Noir", product.Wine.Variety);
        Assert.Null(SalesLineMapper.StubProductFrom(line with { Article = null }));
    }
}
