namespace CrmReco.Contracts;

/// <summary>A page of a list, with the total the filters match: the one shape of paging of the API.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Offset, int Limit);
