using CrmReco.Core.Import.Reading;
using CrmReco.Core.Normalization;
using C = CrmReco.Core.Import.Columns.Customers;

namespace CrmReco.Core.Import.Mapping;

/// <summary>A raw customers-export row → a <see cref="CustomerRecord"/>. Only a missing code rejects the row: a bad
/// email is kept and flagged not emailable, a bad phone or postal code is dropped.</summary>
public static class CustomerMapper
{
    public static MapResult<CustomerRecord> Map(RawRow row, ColumnMap columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var code = TextNormalizer.Clean(columns.Get(row, C.ClientCode));
        if (code is null)
        {
            return MapResult<CustomerRecord>.Rejected(new RowIssue(C.ClientCode, columns.Get(row, C.ClientCode), "customer code is empty"));
        }

        var country = TextNormalizer.City(columns.Get(row, C.Country));
        var email = EmailNormalizer.Normalize(columns.Get(row, C.Email));
        return MapResult<CustomerRecord>.Ok(new CustomerRecord(
            code,
            TextNormalizer.PersonName(columns.Get(row, C.LastName)),
            TextNormalizer.PersonName(columns.Get(row, C.FirstName)),
            email.Email,
            email.IsValid,
            PhoneNormalizer.ToE164(columns.Get(row, C.Phone)),
            TextNormalizer.Clean(columns.Get(row, C.Address)),
            PostalCodeNormalizer.Normalize(columns.Get(row, C.PostalCode), country),
            TextNormalizer.City(columns.Get(row, C.City)),
            country,
            IsStub: false));
    }
}
