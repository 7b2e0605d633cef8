using System.Globalization;

namespace ChurnPrediction.Features;

/// <summary>An inclusive range of allowed values.</summary>
public readonly record struct ValueRange(double Min, double Max)
{
    public bool Contains(double value) => value >= Min && value <= Max;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{Min}, {Max}]");
}

/// <summary>What a table must satisfy to pass <see cref="DataQuality.Check"/>.</summary>
public sealed class QualityRules
{
    /// <summary>Fewest rows accepted.</summary>
    public int MinRows { get; init; } = 1;

    /// <summary>Largest share of missing cells accepted in any column (0..1).</summary>
    public double MaxMissingRatio { get; init; } = 0.2;

    /// <summary>Per-column overrides of <see cref="MaxMissingRatio"/> (e.g. 0 for the label).</summary>
    public IReadOnlyDictionary<string, double> MaxMissingRatioByColumn { get; init; } = new Dictionary<string, double>();

    /// <summary>Allowed values per numeric column; any present value outside fails the check.</summary>
    public IReadOnlyDictionary<string, ValueRange> Ranges { get; init; } = new Dictionary<string, ValueRange>();

    /// <summary>Columns that must exist.</summary>
    public IReadOnlyList<string> RequiredColumns { get; init; } = [];

    /// <summary>Columns that must be numeric (they must also exist).</summary>
    public IReadOnlyList<string> NumericColumns { get; init; } = [];
}

/// <summary>Profile of one column.</summary>
/// <param name="OutOfRange">Present values outside the column's <see cref="QualityRules.Ranges"/> entry.</param>
public sealed record ColumnProfile(string Name, bool IsNumeric, int Missing, double MissingRatio, double? Min, double? Max, double? Mean, int OutOfRange);

/// <summary>One failed rule.</summary>
public sealed record QualityIssue(string? Column, string Rule, string Message);

/// <summary>The outcome of <see cref="DataQuality.Check"/>: a profile per column and the failed rules.</summary>
public sealed class QualityReport(int rowCount, IReadOnlyList<ColumnProfile> columns, IReadOnlyList<QualityIssue> issues, QualityRules rules)
{
    public int RowCount { get; } = rowCount;
    public IReadOnlyList<ColumnProfile> Columns { get; } = columns;
    public IReadOnlyList<QualityIssue> Issues { get; } = issues;
    public QualityRules Rules { get; } = rules;

    /// <summary>True when no rule failed.</summary>
    public bool Passed => Issues.Count == 0;

    public ColumnProfile Column(string name) => Columns.FirstOrDefault(c => c.Name == name)
        ?? throw new KeyNotFoundException($"The report has no column '{name}'.");

    /// <summary>Throws <see cref="DataQualityException"/> listing every failed rule unless the check passed.</summary>
    public void EnsurePassed()
    {
        if (!Passed) throw new DataQualityException(this);
    }

    /// <summary>One line per failed rule, or "passed".</summary>
    public string Summary() => Passed
        ? string.Create(CultureInfo.InvariantCulture, $"Data quality check passed: {RowCount} rows, {Columns.Count} columns.")
        : string.Create(CultureInfo.InvariantCulture, $"Data quality check failed ({Issues.Count} issue{(Issues.Count == 1 ? "" : "s")}, {RowCount} rows):")
          + string.Concat(Issues.Select(i => "\n  - " + i.Message));

    /// <summary>The report as a document: verdict, issues and the column profile table.</summary>
    public Report ToReport(string title = "Data quality")
    {
        var report = new Report(title)
            .Paragraph(Passed ? "**Result: PASSED**" : $"**Result: FAILED** ({Issues.Count} issue{(Issues.Count == 1 ? "" : "s")})")
            .KeyValues("Summary",
            [
                ("Rows", RowCount.ToString(CultureInfo.InvariantCulture)),
                ("Columns", Columns.Count.ToString(CultureInfo.InvariantCulture)),
                ("Minimum rows", Rules.MinRows.ToString(CultureInfo.InvariantCulture)),
                ("Max missing ratio", Rules.MaxMissingRatio.ToString("0.###", CultureInfo.InvariantCulture)),
            ]);
        if (!Passed) report.Heading("Issues").List(Issues.Select(i => i.Message));
        report.Heading("Columns").Table(
            ["Column", "Type", "Missing", "Missing %", "Min", "Max", "Mean", "Out of range"],
            Columns.Select(c => (IReadOnlyList<string>)
            [
                c.Name,
                c.IsNumeric ? "number" : "text",
                c.Missing.ToString(CultureInfo.InvariantCulture),
                (c.MissingRatio * 100).ToString("0.0", CultureInfo.InvariantCulture),
                Format(c.Min), Format(c.Max), Format(c.Mean),
                c.OutOfRange.ToString(CultureInfo.InvariantCulture),
            ]));
        return report;
    }

    public string ToMarkdown() => ToReport().ToMarkdown();

    private static string Format(double? v) => v is { } d ? d.ToString("0.###", CultureInfo.InvariantCulture) : "";
}

/// <summary>Data failed its quality check; <see cref="Report"/> says why.</summary>
public sealed class DataQualityException(QualityReport report) : Exception(report.Summary())
{
    public QualityReport Report { get; } = report;
}

/// <summary>Checks a table against <see cref="QualityRules"/>: row count, missing values, value ranges.</summary>
public static class DataQuality
{
    public static QualityReport Check(Table table, QualityRules rules)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rules);
        var issues = new List<QualityIssue>();
        var inv = CultureInfo.InvariantCulture;

        if (table.RowCount < rules.MinRows)
            issues.Add(new(null, "min_rows", string.Create(inv, $"only {table.RowCount} rows, at least {rules.MinRows} required")));

        foreach (string name in rules.RequiredColumns.Concat(rules.NumericColumns).Concat(rules.Ranges.Keys).Distinct(StringComparer.Ordinal))
        {
            if (!table.HasColumn(name)) issues.Add(new(name, "required_column", $"column '{name}' is missing"));
        }
        foreach (string name in rules.NumericColumns)
        {
            if (table.HasColumn(name) && table[name] is not NumericColumn)
                issues.Add(new(name, "numeric", $"column '{name}' must be numeric but holds text"));
        }

        var profiles = new List<ColumnProfile>();
        foreach (var column in table.Columns)
        {
            int missing = column.MissingCount;
            double ratio = table.RowCount == 0 ? 0 : (double)missing / table.RowCount;
            double limit = rules.MaxMissingRatioByColumn.TryGetValue(column.Name, out double l) ? l : rules.MaxMissingRatio;
            if (ratio > limit)
                issues.Add(new(column.Name, "missing_ratio", string.Create(inv, $"column '{column.Name}' is {ratio:P1} missing ({missing} of {table.RowCount} cells), more than the {limit:P1} allowed")));

            if (column is NumericColumn numeric)
            {
                var present = Statistics.Present(numeric.Values);
                int outOfRange = 0;
                if (rules.Ranges.TryGetValue(column.Name, out var range))
                {
                    outOfRange = present.Count(v => !range.Contains(v));
                    if (outOfRange > 0)
                        issues.Add(new(column.Name, "range", string.Create(inv, $"column '{column.Name}' has {outOfRange} value{(outOfRange == 1 ? "" : "s")} outside {range} (min {present.Min():0.###}, max {present.Max():0.###})")));
                }
                profiles.Add(new ColumnProfile(column.Name, true, missing, ratio,
                    present.Length > 0 ? present.Min() : null,
                    present.Length > 0 ? present.Max() : null,
                    present.Length > 0 ? Statistics.Mean(present) : null,
                    outOfRange));
            }
            else
            {
                profiles.Add(new ColumnProfile(column.Name, false, missing, ratio, null, null, null, 0));
            }
        }
        return new QualityReport(table.RowCount, profiles, issues, rules);
    }
}
