using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace CrmReco.Core.Transactions;

/// <summary>Column names of a transactions CSV; defaults are the documented ones.</summary>
public sealed record TransactionColumns(
    string Customer = "customer_id",
    string Order = "order_id",
    string Date = "date",
    string Product = "product_id",
    string Quantity = "quantity",
    string Amount = "amount");

/// <summary>Reads a transactions CSV (<c>customer_id, order_id, date, product_id, quantity, amount</c>;
/// ISO 8601 dates, '.' decimals). Order, product and quantity columns are optional: a missing order id
/// becomes customer+date (one order per customer per day), a missing product "?", a missing quantity 1.</summary>
public static class TransactionsCsv
{
    public static List<Transaction> Load(string path, TransactionColumns? columns = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Transactions file not found: {path}", path);
        }

        using var reader = new StreamReader(path);
        return Read(reader, columns ?? new TransactionColumns(), path);
    }

    public static List<Transaction> Read(TextReader reader, TransactionColumns columns, string sourceName = "transactions")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(columns);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim };
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is null)
        {
            throw new InvalidDataException($"{sourceName}: empty file, a header row is expected.");
        }

        var header = csv.HeaderRecord;
        int Find(string name, bool required)
        {
            var i = Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
            if (i < 0 && required)
            {
                throw new InvalidDataException(
                    $"{sourceName}: column '{name}' not found (columns: {string.Join(", ", header)}).");
            }

            return i;
        }

        int customer = Find(columns.Customer, true), date = Find(columns.Date, true), amount = Find(columns.Amount, true);
        int order = Find(columns.Order, false), product = Find(columns.Product, false), quantity = Find(columns.Quantity, false);
        var result = new List<Transaction>();
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            string Field(int i) => csv.GetField(i) ?? string.Empty;
            if (!DateOnly.TryParse(Field(date), CultureInfo.InvariantCulture, out var day))
            {
                throw new InvalidDataException($"{sourceName}, line {line}: '{Field(date)}' is not an ISO date.");
            }

            if (!double.TryParse(Field(amount), NumberStyles.Float, CultureInfo.InvariantCulture, out var money))
            {
                throw new InvalidDataException($"{sourceName}, line {line}: amount '{Field(amount)}' is not a number.");
            }

            var qty = 1d;
            if (quantity >= 0 && !double.TryParse(Field(quantity), NumberStyles.Float, CultureInfo.InvariantCulture, out qty))
            {
                throw new InvalidDataException($"{sourceName}, line {line}: quantity '{Field(quantity)}' is not a number.");
            }

            var customerId = Field(customer);
            var orderId = order >= 0 ? Field(order) : customerId + "@" + day.ToString("O", CultureInfo.InvariantCulture);
            result.Add(new Transaction(customerId, orderId, day, product >= 0 ? Field(product) : "?", qty, money));
        }

        return result;
    }
}
