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
        var customer = Fields.RequiredText(row, columns, C.ClientCode, "customer code", issues);
        var date = Fields.RequiredDate(row, columns, C.Date, "contact date", issues);
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
