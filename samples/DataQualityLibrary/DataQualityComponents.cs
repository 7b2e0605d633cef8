using System.Globalization;

namespace DataQuality;

/// <summary>Data-quality checks and imputation shared by teams: each method is a KFP component
/// that runs in this library's own image; pipelines call <c>DataQualityComponentsTasks.*</c>.</summary>
public static class DataQualityComponents
{
    /// <summary>Counts empty cells per column; fails the run when a column misses more than allowed.</summary>
    [Component(Name = "dq-check-missing", Description = "Check the share of missing values per column")]
    public static double CheckMissing(Input<Dataset> data, Output<Metrics> report, double maxMissingRatio = 0.2)
    {
        var table = CsvTable.Read(data.Path);
        double worst = 0;
        foreach (var (column, index) in table.Header.Select((c, i) => (c, i)))
        {
            double ratio = table.Rows.Count == 0 ? 0 : table.Rows.Count(r => r[index].Length == 0) / (double)table.Rows.Count;
            report.Artifact.Log("missing_" + column, ratio);
            worst = Math.Max(worst, ratio);
        }
        if (worst > maxMissingRatio)
            throw new InvalidOperationException($"A column misses {worst:P1} of its values (allowed: {maxMissingRatio:P1}).");
        return worst;
    }

    /// <summary>Fills empty numeric cells with the column's median or mean.</summary>
    [Component(Name = "dq-impute", Description = "Fill missing numeric values with the median or mean")]
    public static int Impute(Input<Dataset> raw, Output<Dataset> imputed, string strategy = "median")
    {
        var table = CsvTable.Read(raw.Path);
        for (int c = 0; c < table.Header.Count; c++)
        {
            var values = table.Rows.Select(r => r[c]).Where(v => v.Length > 0)
                .Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : double.NaN)
                .ToList();
            if (values.Count == 0 || values.Any(double.IsNaN)) continue; // not a numeric column
            values.Sort();
            double fill = strategy == "mean" ? values.Average() : values[values.Count / 2];
            foreach (var row in table.Rows.Where(r => r[c].Length == 0))
                row[c] = fill.ToString(CultureInfo.InvariantCulture);
        }
        table.Write(imputed.Path);
        return table.Rows.Count;
    }

    /// <summary>An existing tool wrapped without YAML: counts the data rows with the shell, in its own
    /// image. The library builds no image for it; consumers get its container with the typed factory.</summary>
    [ContainerComponent(Name = "dq-count-rows", Description = "Count the data rows (without the header) with wc")]
    public static ContainerSpec CountRows(Input<Dataset> data, OutputParameter<int> rows) =>
        new("alpine:3.20", command: ["sh", "-c", "echo $(( $(wc -l < \"$0\") - 1 )) > \"$1\"", data.Path, rows.OutputFile]);
}

/// <summary>A minimal CSV table (no quoting): enough for the sample's numeric data.</summary>
internal sealed class CsvTable(List<string> header, List<string[]> rows)
{
    public List<string> Header { get; } = header;
    public List<string[]> Rows { get; } = rows;

    public static CsvTable Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var header = lines.Count > 0 ? lines[0].Split(',').ToList() : [];
        return new CsvTable(header, lines.Skip(1).Select(l => l.Split(',')).ToList());
    }

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllLines(path, new[] { string.Join(',', Header) }.Concat(Rows.Select(r => string.Join(',', r))));
    }
}
