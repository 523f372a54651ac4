namespace CrmReco.Contracts;

/// <summary>A sales line in a list.</summary>
public sealed record SaleListItem(long Id, DateOnly Date, string CustomerCode, string DocumentNo, string DocumentType, string? Article, string? Label, decimal Quantity, decimal Bottles, decimal? AmountHt, decimal? AmountTtc, long ImportId);
