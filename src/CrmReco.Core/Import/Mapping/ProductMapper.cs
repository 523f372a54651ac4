using CrmReco.Core.Import.Reading;
using CrmReco.Core.Normalization;
using C = CrmReco.Core.Import.Columns.Products;

namespace CrmReco.Core.Import.Mapping;

/// <summary>A raw products-export row → a <see cref="ProductRecord"/> with the wine read from its label.</summary>
public static class ProductMapper
{
    public static MapResult<ProductRecord> Map(RawRow row, ColumnMap columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var issues = new List<RowIssue>(0);
        var article = TextNormalizer.Clean(columns.Get(row, C.Article));
        if (article is null)
        {
            issues.Add(new RowIssue(C.Article, columns.Get(row, C.Article), "article code is empty"));
        }

        var price = Fields.OptionalAmount(row, columns, C.PriceTtc, issues);
        if (issues.Count > 0)
        {
            return new MapResult<ProductRecord>(null, issues);
        }

        var label = TextNormalizer.Clean(columns.Get(row, C.Label));
        return MapResult<ProductRecord>.Ok(new ProductRecord(
            article!,
            label,
            ProductLabelParser.Parse(label, columns.Get(row, C.Vintage)),
            TextNormalizer.Clean(columns.Get(row, C.Family)),
            TextNormalizer.Clean(columns.Get(row, C.SubFamily)),
            TextNormalizer.Clean(columns.Get(row, C.MacroCategory)),
            price,
            TextNormalizer.Clean(columns.Get(row, C.PriceBand)),
            TextNormalizer.Clean(columns.Get(row, C.PremiumTier)),
            IsStub: false));
    }
}
