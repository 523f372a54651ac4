namespace CrmReco.Core.Transactions;

/// <summary>
/// One purchase line, the common input of analytics and recommendations, whether it comes from the
/// imported database or from a transactions CSV. Credit notes carry negative quantity and amount.
/// </summary>
/// <param name="OrderId">An order (a sales document); frequency counts distinct orders.</param>
/// <param name="Quantity">Units (bottle-equivalents when from the database).</param>
/// <param name="Amount">Money, incl. VAT when from the database.</param>
public sealed record Transaction(
    string CustomerId,
    string OrderId,
    DateOnly Date,
    string ProductId,
    double Quantity,
    double Amount);
