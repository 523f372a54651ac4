using CrmReco.Core.Import.Reading;
using CrmReco.Core.Normalization;
using C = CrmReco.Core.Import.Columns.Contacts;

namespace CrmReco.Core.Import.Mapping;

/// <summary>A raw contacts-export row → a <see cref="ContactRecord"/>. An empty customer code, an empty or
/// impossible date or an unknown channel quarantine the row; any status is kept (unknown words as "other").</summary>
public static class ContactMapper
{
    public static MapResult<ContactRecord> Map(RawRow row, ColumnMap columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var issues = new List<RowIssue>(0);
        var customer = TextNormalizer.Clean(columns.Get(row, C.ClientCode));
        if (customer is null)
        {
            issues.Add(new RowIssue(C.ClientCode, columns.Get(row, C.ClientCode), "customer code is empty"));
        }

        var rawDate = columns.Get(row, C.Date);
        if (!DateNormalizer.TryParse(rawDate, out var date))
        {
            issues.Add(new RowIssue(C.Date, rawDate, string.IsNullOrWhiteSpace(rawDate)
                ? "contact date is empty"
                : $"'{rawDate}' is not a valid date (expected dd/mm/yyyy, yyyy-mm-dd or an Excel serial)"));
        }

        var rawChannel = columns.Get(row, C.Channel);
        if (!ContactNormalizer.TryParseChannel(rawChannel, out var channel))
        {
            issues.Add(new RowIssue(C.Channel, rawChannel, $"unknown channel '{rawChannel}' (expected EMAIL, SMS, PHONE or COURRIER)"));
        }

        if (issues.Count > 0)
        {
            return new MapResult<ContactRecord>(null, issues);
        }

        var statusText = TextNormalizer.Clean(columns.Get(row, C.Status));
        return MapResult<ContactRecord>.Ok(new ContactRecord(
            customer!,
            date,
            channel,
            TextNormalizer.Clean(columns.Get(row, C.Campaign)) ?? string.Empty,
            ContactNormalizer.Status(statusText),
            statusText));
    }

    /// <summary>A customer known only from its contacts (absent from the customers export): no email, so never
    /// emailed until a customers export completes it.</summary>
    public static CustomerRecord StubCustomerFrom(string code) =>
        new(code, null, null, null, false, null, null, null, null, null, IsStub: true);
}
