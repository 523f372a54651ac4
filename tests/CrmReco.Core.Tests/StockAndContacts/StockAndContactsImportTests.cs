using CrmReco.Core.Import;
using CrmReco.Core.Import.Mapping;
using CrmReco.Core.Import.Reading;
using CrmReco.Core.Normalization;

namespace CrmReco.Core.Tests.StockAndContacts;

/// <summary>Stock and contacts exports: header aliases, routing, normalizers and quarantine.</summary>
public sealed class StockAndContactsImportTests
{
    private static readonly DateOnly FileDate = new(2026, 10, 31);
    private static readonly ColumnMap Stock = HeaderAliases.Default.Resolve(ExportKind.Stock, ["Code article", "Désignation", "Stock total", "Réservé", "Date stock"], "stock.csv");
    private static readonly ColumnMap Contacts = HeaderAliases.Default.Resolve(ExportKind.Contacts, ["Code client", "Date contact", "Canal", "Statut", "Campagne"], "contacts.csv");

    private static RawRow Row(params string?[] fields) => new(5, fields);

    [Fact]
    public void StockMap_FrenchRow_GivesAvailableAsTotalMinusReserved()
    {
        var stock = Assert.IsType<StockRecord>(StockMapper.Map(Row(" RIE-2022 ", "Riesling 2022", "1 200", "24,5", "15/10/2026"), Stock, FileDate).Record);

        Assert.Equal("RIE-2022", stock.Article);
        Assert.Equal(new DateOnly(2026, 10, 15), stock.SnapshotDate);
        Assert.Equal(1200m, stock.Total);
        Assert.Equal(1175.5m, stock.Available);
    }

    [Fact]
    public void StockMap_EmptyReservationAndDate_AreZeroAndTheFileDate()
    {
        var stock = Assert.IsType<StockRecord>(StockMapper.Map(Row("CRE-BRUT", null, "0", "", ""), Stock, FileDate).Record);

        Assert.Equal(0m, stock.Reserved);
        Assert.Equal(FileDate, stock.SnapshotDate);
        Assert.Equal(0m, stock.Available);
    }

    [Theory]
    [InlineData("", "12", "0", "31/10/2026", Columns.Stock.Article, "article code is empty")]
    [InlineData("RIE", "", "0", "31/10/2026", Columns.Stock.Total, "stock total is empty")]
    [InlineData("RIE", "n/a", "0", "31/10/2026", Columns.Stock.Total, "stock total 'n/a' is not a number")]
    [InlineData("RIE", "12", "beaucoup", "31/10/2026", Columns.Stock.Reserved, "'beaucoup' is not a number")]
    [InlineData("RIE", "12", "0", "31/11/2026", Columns.Stock.SnapshotDate, "'31/11/2026' is not a valid date")]
    public void StockMap_BadField_QuarantinesTheRowNamingTheColumn(string article, string total, string reserved, string date, string column, string reason)
    {
        var result = StockMapper.Map(Row(article, "x", total, reserved, date), Stock, FileDate);

        Assert.False(result.IsValid);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(column, issue.Column);
        Assert.StartsWith(reason, issue.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/in/stock/stock_2026-10-31.csv", "2026-10-31")]
    [InlineData("/in/stock/inventaire 20260115.xlsx", "2026-01-15")]
    [InlineData("/in/stock/stock_31-10-2026.csv", "2026-10-31")]
    public void DateFromFileName_DateInTheName_IsRead(string path, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), StockMapper.DateFromFileName(path));

    [Theory]
    [InlineData("/in/stock/stock.csv")]
    [InlineData("/in/stock/stock_2026-13-45.csv")]
    [InlineData("/in/stock/stock_123456789.csv")]
    public void DateFromFileName_NoDate_IsNull(string path) => Assert.Null(StockMapper.DateFromFileName(path));

    [Fact]
    public void ContactMap_FrenchRow_IsNormalized()
    {
        var contact = Assert.IsType<ContactRecord>(ContactMapper.Map(Row("C001", "26/10/2026 09:30", "E-mail", "Envoyé", " NL-2026-10 "), Contacts).Record);

        Assert.Equal(new ContactRecord("C001", new DateOnly(2026, 10, 26), ContactChannels.Email, "NL-2026-10", ContactStatuses.Sent, "Envoyé"), contact);
    }

    [Fact]
    public void ContactMap_NoChannelNoCampaign_KeepsTheContact()
    {
        var contact = Assert.IsType<ContactRecord>(ContactMapper.Map(Row("C001", "2026-10-26", "", "", ""), Contacts).Record);

        Assert.Equal(ContactChannels.Unknown, contact.Channel);
        Assert.Equal(string.Empty, contact.Campaign);
        Assert.Equal(ContactStatuses.Unknown, contact.Status);
        Assert.Null(contact.StatusText);
    }

    [Theory]
    [InlineData("", "26/10/2026", "SMS", Columns.Contacts.ClientCode)]
    [InlineData("C001", "", "SMS", Columns.Contacts.Date)]
    [InlineData("C001", "32/10/2026", "SMS", Columns.Contacts.Date)]
    [InlineData("C001", "26/10/2026", "Pigeon voyageur", Columns.Contacts.Channel)]
    public void ContactMap_BadField_QuarantinesTheRow(string customer, string date, string channel, string column)
    {
        var result = ContactMapper.Map(Row(customer, date, channel, "Envoyé", "X"), Contacts);

        Assert.False(result.IsValid);
        Assert.Equal(column, Assert.Single(result.Issues).Column);
    }

    [Theory]
    [InlineData("E-mail", ContactChannels.Email)]
    [InlineData("COURRIEL", ContactChannels.Email)]
    [InlineData("sms", ContactChannels.Sms)]
    [InlineData("Téléphone", ContactChannels.Phone)]
    [InlineData("Appel téléphonique", ContactChannels.Phone)]
    [InlineData("Courrier", ContactChannels.Post)]
    public void TryParseChannel_FrenchAndEnglish_AreRecognized(string raw, string expected)
    {
        Assert.True(ContactNormalizer.TryParseChannel(raw, out var channel));
        Assert.Equal(expected, channel);
    }

    [Theory]
    [InlineData("Envoyé", ContactStatuses.Sent)]
    [InlineData("OUVERT", ContactStatuses.Opened)]
    [InlineData("Cliqué", ContactStatuses.Clicked)]
    [InlineData("Rebond", ContactStatuses.Bounced)]
    [InlineData("NPAI", ContactStatuses.Bounced)]
    [InlineData("Échec", ContactStatuses.Failed)]
    [InlineData("Injoignable", ContactStatuses.Failed)]
    [InlineData("Planifié", ContactStatuses.Planned)]
    [InlineData("Désabonné", ContactStatuses.Unsubscribed)]
    [InlineData("Vu en boutique", ContactStatuses.Other)]
    public void Status_Words_MapToCategories(string raw, string expected) => Assert.Equal(expected, ContactNormalizer.Status(raw));

    [Theory]
    [InlineData("/x/exports/isavigne/stock/export.csv", ExportKind.Stock)]
    [InlineData("/x/stock_produits_2026.csv", ExportKind.Stock)]
    [InlineData("/x/exports/isavigne/contacts/export.csv", ExportKind.Contacts)]
    [InlineData("/x/contacts_clients.csv", ExportKind.Contacts)]
    public void FromPath_StockOrContactsFolderOrName_GivesTheKind(string path, ExportKind kind) => Assert.Equal(kind, ExportKindDetector.FromPath(path));

    [Theory]
    [InlineData(new[] { "Code article", "Stock disponible", "Date stock" }, ExportKind.Stock)]
    [InlineData(new[] { "Référence", "Stock", "Réservé" }, ExportKind.Stock)]
    [InlineData(new[] { "Désignation", "Code article", "Prix TTC", "Stock" }, ExportKind.Products)]
    [InlineData(new[] { "Code client", "Date contact", "Canal", "Statut", "Campagne" }, ExportKind.Contacts)]
    [InlineData(new[] { "Code client", "Date", "Canal" }, ExportKind.Contacts)]
    [InlineData(new[] { "Code client", "Nom", "Date" }, ExportKind.Customers)]
    public void FromHeaders_StockAndContacts_AreToldFromTheMasters(string[] headers, ExportKind kind) =>
        Assert.Equal(kind, ExportKindDetector.FromHeaders(headers, HeaderAliases.Default));

    [Fact]
    public void Resolve_StockWithoutATotal_RejectsTheFileNamingTheAliases()
    {
        var ex = Assert.Throws<FileRejectedException>(() => HeaderAliases.Default.Resolve(ExportKind.Stock, ["Code article", "Réservé"], "stock.csv"));
        Assert.Contains("stock_total", ex.Message, StringComparison.Ordinal);
        Assert.Contains("stock disponible", ex.Message, StringComparison.Ordinal);
    }
}
