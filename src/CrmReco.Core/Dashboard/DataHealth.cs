using CrmReco.Core.Storage;

namespace CrmReco.Core.Dashboard;

public sealed partial class DashboardQueries
{
    /// <summary>Days after which the last import counts as stale (the ERP export is weekly), and after which the
    /// staleness penalty is full.</summary>
    private const int FreshImportDays = 8;

    /// <summary>The longest key or description a sample record shows.</summary>
    private const int RecordMaxLength = 400;
    private const int StaleImportDays = 38;

    /// <summary>Runs every check. Each takes off at most its weight, in proportion to the share of records failing
    /// it; the weights sum to 100 (see docs/operations.md).</summary>
    public async Task<DataHealthReport> DataHealthAsync(int sample = 50, CancellationToken cancellationToken = default)
    {
        sample = Math.Clamp(sample, 0, 1000);
        await using var connection = await _database.OpenAsync(cancellationToken);
        async Task<int> Count(string sql) => (int)await SqlDatabase.ScalarAsync<long>(connection, null, sql, cancellationToken);
        // A sample record shows at most 400 characters of its key and of its description, cut in the query: one huge
        // stored value (issue 18: a 200 MB name) must not be read, nor copied into every answer.
        async Task<List<HealthRecord>> Records(string key, string description, string rest) =>
            await SqlReading.QueryAsync(connection, null, $"SELECT {StoredText.Cut(key, RecordMaxLength)}, {StoredText.Cut(description, RecordMaxLength)} {rest} LIMIT @n",
                r => new HealthRecord(r.Text(0), r.Text(1)), cancellationToken, ("n", sample));

        var customers = await Count("SELECT COUNT(*) FROM customers WHERE erased_at IS NULL");
        var products = await Count("SELECT COUNT(*) FROM products");
        var sales = await Count("SELECT COUNT(*) FROM sales_lines");
        var checks = new List<HealthCheck>();

        void Add(string code, string fr, string en, int count, int outOf, double weight, List<HealthRecord> records) =>
            checks.Add(new HealthCheck(code, fr, en, count, outOf, outOf == 0 ? 0 : Math.Round(weight * Math.Min(1, (double)count / outOf), 1), weight, records));

        const string invalidEmail = "FROM customers WHERE erased_at IS NULL AND is_stub = FALSE AND email_valid = FALSE";
        Add("customers_without_valid_email", "Clients sans e-mail valide", "Customers without a valid email",
            await Count("SELECT COUNT(*) " + invalidEmail), customers, 15,
            await Records("code", "SUBSTR(COALESCE(last_name, ''), 1, 100) || ' ' || SUBSTR(COALESCE(email, '(aucun e-mail)'), 1, 100)", invalidEmail + " ORDER BY code"));
        Add("stub_customers", "Clients incomplets (vus dans les ventes, absents de l'export clients)", "Stub customers (in sales, missing from the customer export)",
            await Count("SELECT COUNT(*) FROM customers WHERE is_stub = TRUE"), customers, 10,
            await Records("code", "SUBSTR(COALESCE(email, ''), 1, 200)", "FROM customers WHERE is_stub = TRUE ORDER BY code"));
        Add("stub_products", "Produits incomplets (vus dans les ventes, absents du catalogue)", "Stub products (in sales, missing from the catalogue)",
            await Count("SELECT COUNT(*) FROM products WHERE is_stub = TRUE"), products, 10,
            await Records("article", "SUBSTR(COALESCE(label, ''), 1, 200)", "FROM products WHERE is_stub = TRUE ORDER BY article"));

        // Same name and postal code: the groups of more than one, found once (a correlated EXISTS scanned every
        // customer for each customer: minutes at 100k).
        const string duplicates = """
            FROM customers c WHERE c.erased_at IS NULL AND (
                (c.email IS NOT NULL AND c.email_valid = TRUE AND c.email IN (SELECT email FROM customers WHERE email IS NOT NULL AND erased_at IS NULL GROUP BY email HAVING COUNT(*) > 1))
             OR (c.last_name IS NOT NULL AND c.postal_code IS NOT NULL AND (LOWER(SUBSTR(c.last_name, 1, 200)), COALESCE(LOWER(SUBSTR(c.first_name, 1, 200)), ''), c.postal_code) IN (
                    SELECT LOWER(SUBSTR(last_name, 1, 200)), COALESCE(LOWER(SUBSTR(first_name, 1, 200)), ''), postal_code FROM customers
                    WHERE erased_at IS NULL AND last_name IS NOT NULL AND postal_code IS NOT NULL
                    GROUP BY LOWER(SUBSTR(last_name, 1, 200)), COALESCE(LOWER(SUBSTR(first_name, 1, 200)), ''), postal_code HAVING COUNT(*) > 1)))
            """;
        Add("duplicate_customers", "Doublons probables (même e-mail, ou même nom et code postal)", "Likely duplicates (same email, or same name and postal code)",
            await Count("SELECT COUNT(*) " + duplicates), customers, 10,
            await Records("c.code", "SUBSTR(COALESCE(c.last_name, ''), 1, 60) || ' ' || SUBSTR(COALESCE(c.first_name, ''), 1, 60) || ' ' || SUBSTR(COALESCE(c.email, ''), 1, 60) || ' ' || SUBSTR(COALESCE(c.postal_code, ''), 1, 20)", duplicates + " ORDER BY c.email, c.last_name, c.code"));

        const string unmapped = "FROM sales_lines s LEFT JOIN products p ON p.article = s.article WHERE s.article IS NULL OR p.is_stub = TRUE";
        Add("sales_without_product", "Lignes de vente sans produit du catalogue", "Sales lines without a catalogue product",
            await Count("SELECT COUNT(*) " + unmapped), sales, 20,
            await Records("CAST(s.id AS TEXT)", "SUBSTR(s.document_no, 1, 60) || ' ' || SUBSTR(COALESCE(s.article, ''), 1, 60) || ' ' || SUBSTR(COALESCE(s.label, ''), 1, 80)", unmapped + " ORDER BY s.id"));
        const string noVariety = "FROM products WHERE is_stub = FALSE AND variety IS NULL";
        Add("products_without_variety", "Produits sans cépage reconnu", "Products without a recognised grape variety",
            await Count("SELECT COUNT(*) " + noVariety), products, 10,
            await Records("article", "SUBSTR(COALESCE(label, ''), 1, 200)", noVariety + " ORDER BY article"));

        // The last import that loaded a file: a rejected upload or a run of already-imported files is no import to
        // a user, and must not hide the quarantine of the real one.
        var lastImport = (await SqlReading.QueryAsync(connection, null, "SELECT id, started_at, rows_read, rows_rejected FROM imports i WHERE status <> 'running' AND EXISTS (SELECT 1 FROM import_files f WHERE f.import_id = i.id AND f.status = 'loaded') ORDER BY id DESC LIMIT 1",
            r => (Id: r.Long(0), At: r.Time(1)!.Value, Read: r.Int(2), Rejected: r.Int(3)), cancellationToken)).FirstOrDefault();
        var now = _time.GetUtcNow();
        var ageDays = lastImport.Id == 0 ? StaleImportDays : (int)Math.Floor((now - lastImport.At).TotalDays);
        checks.Add(new HealthCheck("last_import_age", "Âge du dernier import (jours)", "Age of the last import (days)", ageDays, StaleImportDays,
            Math.Round(15 * Math.Clamp((double)(ageDays - FreshImportDays) / (StaleImportDays - FreshImportDays), 0, 1), 1), 15,
            lastImport.Id == 0 ? [new HealthRecord("-", "Aucun import / no import yet")] : [new HealthRecord(lastImport.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), lastImport.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture))]));
        Add("quarantined_last_import", "Lignes mises en quarantaine au dernier import", "Rows quarantined by the last import",
            lastImport.Rejected, lastImport.Read, 10,
            lastImport.Id == 0 ? [] : await SqlReading.QueryAsync(connection, null, "SELECT SUBSTR(file_name, 1, 150) || ':' || CAST(line_number AS TEXT), SUBSTR(column_name || ': ' || reason, 1, 400) FROM rejected_rows WHERE import_id = @id ORDER BY id LIMIT @n",
                r => new HealthRecord(r.Text(0), r.Text(1)), cancellationToken, ("id", lastImport.Id), ("n", sample)));

        var score = (int)Math.Round(Math.Clamp(100 - checks.Sum(c => c.Penalty), 0, 100));
        return new DataHealthReport(score, now, checks);
    }
}
