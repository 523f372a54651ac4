using CrmReco.Core.Dashboard;
using CrmReco.Core.Storage;

namespace CrmReco.Core.Privacy;

/// <summary>Everything CrmReco holds on one person (right of access and portability). Every purchase is in
/// <see cref="AllPurchases"/>, once: the customer's own purchase list is left empty.</summary>
public sealed record CustomerDataExport(DateTimeOffset ExportedAt, CustomerDetail Customer, IReadOnlyList<Purchase> AllPurchases);

/// <summary>GDPR operations on a customer: export, erasure, consent.</summary>
public sealed class PrivacyService
{
    private readonly SqlDatabase _database;
    private readonly DashboardQueries _queries;
    private readonly TimeProvider _time;

    internal PrivacyService(SqlDatabase database, DashboardQueries queries, TimeProvider time)
    {
        _database = database;
        _time = time;
        _queries = queries;
    }

    /// <summary>The customer's data, every purchase included; null when there is no such customer.</summary>
    public async Task<CustomerDataExport?> ExportAsync(string code, CancellationToken cancellationToken = default)
    {
        var detail = await _queries.GetCustomerAsync(code, int.MaxValue, cancellationToken);
        return detail is null ? null : new CustomerDataExport(_time.GetUtcNow(), detail with { Purchases = [] }, detail.Purchases);
    }

    /// <summary>Erases a customer's personal fields (name, email, phone, address, postal code, city) here, on
    /// their sales lines, campaign recipients and e-mail events, and opts them out. The code and the sales stay,
    /// anonymous, so revenue and statistics stay right; later imports never bring the fields back (see FileLoad).
    /// False when there is no such customer.</summary>
    public async Task<bool> EraseAsync(string code, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(actor);
        var now = _time.GetUtcNow();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var erased = await SqlDatabase.ExecuteAsync(connection, transaction, """
            UPDATE customers SET last_name = NULL, first_name = NULL, email = NULL, email_valid = FALSE, phone = NULL, address = NULL,
                   postal_code = NULL, city = NULL, email_consent = FALSE, consent_source = 'erasure', consent_at = @now, erased_at = COALESCE(erased_at, @now), updated_at = @now
            WHERE code = @code
            """, cancellationToken, ("now", now), ("code", code));
        if (erased == 0)
        {
            return false;
        }

        await SqlDatabase.ExecuteAsync(connection, transaction, "UPDATE sales_lines SET email = NULL, postal_code = NULL, city = NULL WHERE customer_code = @code", cancellationToken, ("code", code));
        // The copies the campaigns kept: each recipient's address and Brevo's events about it. The suppression list
        // keeps an address that bounced or complained, so that it is never written to again.
        await SqlDatabase.ExecuteAsync(connection, transaction, "UPDATE campaign_recipients SET email = NULL WHERE customer_code = @code", cancellationToken, ("code", code));
        await SqlDatabase.ExecuteAsync(connection, transaction, "UPDATE email_events SET email = NULL WHERE customer_code = @code", cancellationToken, ("code", code));
        await SqlDatabase.ExecuteAsync(connection, transaction, "INSERT INTO consent_events (customer_code, at, consent, source, actor) VALUES (@code, @now, FALSE, 'erasure', @actor)", cancellationToken,
            ("code", code), ("now", now), ("actor", actor));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Records a consent change (opt-in or opt-out) with its source, keeping the history. False when there
    /// is no such customer; an erased customer cannot opt back in.</summary>
    public async Task<bool> SetConsentAsync(string code, bool consent, string source, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentNullException.ThrowIfNull(actor);
        var now = _time.GetUtcNow();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await SqlDatabase.ExecuteAsync(connection, transaction,
            "UPDATE customers SET email_consent = @consent, consent_source = @source, consent_at = @now WHERE code = @code AND erased_at IS NULL", cancellationToken,
            ("consent", consent), ("source", source.Trim()), ("now", now), ("code", code));
        if (updated == 0)
        {
            return false;
        }

        await SqlDatabase.ExecuteAsync(connection, transaction, "INSERT INTO consent_events (customer_code, at, consent, source, actor) VALUES (@code, @now, @consent, @source, @actor)", cancellationToken,
            ("code", code), ("now", now), ("consent", consent), ("source", source.Trim()), ("actor", actor));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
