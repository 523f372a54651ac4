using System.Globalization;

namespace CrmReco.Core.Analytics;

/// <summary>Reads a ready customer summary: columns frequency, recency, T, optional monetary_value and ID.</summary>
public static class SummaryCsv
{
    public static List<CustomerSummary> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Summary file not found: {path}", path);
        }

        using var reader = new StreamReader(path);
        var header = (reader.ReadLine() ?? throw new InvalidDataException($"{path}: empty file.")).Split(',').Select(h => h.Trim()).ToArray();
        int Col(string name) => Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        int frequency = Col("frequency"), recency = Col("recency"), t = Col("T"), monetary = Col("monetary_value"), id = Col("ID");
        if (frequency < 0 || recency < 0 || t < 0)
        {
            throw new InvalidDataException($"{path}: columns frequency, recency and T are required (found: {string.Join(", ", header)}).");
        }

        var result = new List<CustomerSummary>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var f = line.Split(',');
            double Num(int i) => double.TryParse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw new InvalidDataException($"{path}, line {lineNumber}: '{f[i]}' in column {header[i]} is not a number.");
            result.Add(new CustomerSummary(id >= 0 ? f[id] : (lineNumber - 1).ToString(CultureInfo.InvariantCulture), (int)Num(frequency), Num(recency), Num(t), monetary >= 0 ? Num(monetary) : 0));
        }

        return result;
    }
}
