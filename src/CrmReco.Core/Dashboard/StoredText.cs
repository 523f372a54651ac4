using System.Globalization;

namespace CrmReco.Core.Dashboard;

/// <summary>How the pages read a stored text that may be too long to show: cut in the query, so the database sends
/// only its start (issue 18: a 200 MB name stored before the import caps made /api/data-health take minutes and
/// answer it whole). The same SQL on SQLite and PostgreSQL; lengths are in characters.</summary>
internal static class StoredText
{
    /// <summary>The SQL of <paramref name="expression"/>'s first <paramref name="maxLength"/> characters (NULL stays NULL).</summary>
    public static string Cut(string expression, int maxLength)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expression);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        return string.Create(CultureInfo.InvariantCulture, $"SUBSTR({expression}, 1, {maxLength})");
    }
}
