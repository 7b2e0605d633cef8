using System.Globalization;

namespace KfpPipeline1.Shared;

/// <summary>
/// A table of numbers with named columns, stored as CSV: a header row, then one row per record,
/// numbers in the invariant culture. The format the components pass each other as Datasets.
/// </summary>
public sealed class NumericTable
{
    public NumericTable(IReadOnlyList<string> columns, IReadOnlyList<double[]> rows)
    {
        foreach (var row in rows)
            if (row.Length != columns.Count)
                throw new ArgumentException($"A row has {row.Length} values; the table has {columns.Count} columns.", nameof(rows));
        Columns = columns;
        Rows = rows;
    }

    public IReadOnlyList<string> Columns { get; }
    public IReadOnlyList<double[]> Rows { get; }

    /// <summary>The values of one column, top to bottom.</summary>
    public double[] Column(string name)
    {
        int index = Columns.ToList().IndexOf(name);
        if (index < 0) throw new ArgumentException($"No column '{name}' (columns: {string.Join(", ", Columns)}).", nameof(name));
        return Rows.Select(r => r[index]).ToArray();
    }

    public static NumericTable Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) throw new InvalidDataException($"'{path}' is empty: a table needs at least a header row.");
        var columns = lines[0].Split(',');
        var rows = lines.Skip(1)
            .Select(l => l.Split(',').Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray())
            .ToList();
        return new NumericTable(columns, rows);
    }

    public void Write(string path)
    {
        // KFP hands a component the path of an output it may not have created yet.
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var lines = new List<string> { string.Join(',', Columns) };
        lines.AddRange(Rows.Select(r => string.Join(',', r.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));
        File.WriteAllLines(path, lines);
    }
}
