using System.Globalization;
using Pipelines;

namespace KfpComponents1;

/// <summary>
/// Components for CSV datasets (a header row, then values). Each runs in this library's own
/// image; a pipeline that references the package calls them through the generated factories
/// (<c>DataComponentsTasks.DropIncompleteRows(...)</c>) and its YAML pins this library's images.
/// KFP component names must be unique in a pipeline, so these carry the library's prefix.
/// </summary>
public static class DataComponents
{
    /// <summary>Keeps the rows that have a value in every column; fails when fewer than <paramref name="minRows"/> remain.</summary>
    [Component(Name = "kfp-components-prefix-drop-incomplete-rows", Description = "Drop the CSV rows that miss a value")]
    public static int DropIncompleteRows(Input<Dataset> data, Output<Dataset> complete, int minRows = 1)
    {
        var lines = File.ReadAllLines(data.Path).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) throw new InvalidDataException("The dataset is empty: it needs at least a header row.");
        var kept = lines.Skip(1).Where(l => l.Split(',').All(v => v.Trim().Length > 0)).ToList();
        if (kept.Count < minRows)
            throw new InvalidOperationException($"Only {kept.Count} of {lines.Count - 1} rows are complete (at least {minRows} needed).");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(complete.Path))!);
        File.WriteAllLines(complete.Path, [lines[0], .. kept]);
        complete.Metadata["rows"] = kept.Count;
        complete.Metadata["dropped"] = lines.Count - 1 - kept.Count;
        return kept.Count;
    }

    /// <summary>Logs the share of empty cells in each column as KFP metrics and returns the largest share.</summary>
    [Component(Name = "kfp-components-prefix-missing-values", Description = "Log the share of empty cells per column")]
    public static double MissingValues(Input<Dataset> data, Output<Metrics> report)
    {
        var lines = File.ReadAllLines(data.Path).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) throw new InvalidDataException("The dataset is empty: it needs at least a header row.");
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        double largest = 0;
        for (int c = 0; c < header.Length; c++)
        {
            double share = rows.Count == 0 ? 0 : rows.Count(r => c >= r.Length || r[c].Trim().Length == 0) / (double)rows.Count;
            report.Log("missing_" + header[c].Trim().ToLower(CultureInfo.InvariantCulture), share);
            largest = Math.Max(largest, share);
        }
        return largest;
    }
}
