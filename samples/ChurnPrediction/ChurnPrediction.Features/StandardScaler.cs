using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChurnPrediction.Features;

/// <summary>Learned parameters of one scaled column.</summary>
public sealed record ScaledColumn(string Name, double Mean, double StandardDeviation);

/// <summary>
/// Standardises numeric features to zero mean and unit variance: <c>(x - mean) / std</c>.
/// Fit it on the training split only, save it beside the model (<see cref="Save"/>), and apply
/// the same parameters when evaluating or serving, so no test statistics leak into training.
/// A constant column (std 0) is centred but not divided. Missing values (NaN) stay missing.
/// </summary>
public sealed class StandardScaler
{
    private readonly ScaledColumn[] _columns;

    public StandardScaler(IEnumerable<ScaledColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = [.. columns];
        foreach (var c in _columns)
        {
            if (!double.IsFinite(c.Mean) || !double.IsFinite(c.StandardDeviation) || c.StandardDeviation < 0)
                throw new ArgumentException($"Column '{c.Name}' has invalid scaling parameters (mean {c.Mean}, std {c.StandardDeviation}).", nameof(columns));
        }
        if (_columns.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() != _columns.Length)
            throw new ArgumentException("A column appears twice.", nameof(columns));
    }

    /// <summary>The scaled columns, in feature order.</summary>
    public IReadOnlyList<ScaledColumn> Columns => _columns;

    /// <summary>Learns mean and standard deviation of each named numeric column, ignoring missing values.</summary>
    public static StandardScaler Fit(Table table, IEnumerable<string> columns)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        return new StandardScaler(columns.Select(name =>
        {
            var present = Statistics.Present(table.Numeric(name));
            if (present.Length == 0) throw new InvalidOperationException($"Column '{name}' has no values to fit a scaler on.");
            return new ScaledColumn(name, Statistics.Mean(present), Statistics.StandardDeviation(present));
        }));
    }

    /// <summary>The table with every fitted column standardised; other columns unchanged.</summary>
    public Table Transform(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var result = table;
        foreach (var c in _columns)
        {
            var source = table.Numeric(c.Name);
            var scaled = new double[source.Length];
            for (int i = 0; i < source.Length; i++) scaled[i] = Scale(source[i], c);
            result = result.With(new NumericColumn(c.Name, scaled));
        }
        return result;
    }

    /// <summary>Standardises one row given in <see cref="Columns"/> order (serving a single prediction).</summary>
    public double[] Transform(IReadOnlyList<double> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Count != _columns.Length)
            throw new ArgumentException($"Expected {_columns.Length} values ({string.Join(", ", _columns.Select(c => c.Name))}) but got {row.Count}.", nameof(row));
        var result = new double[row.Count];
        for (int i = 0; i < row.Count; i++) result[i] = Scale(row[i], _columns[i]);
        return result;
    }

    /// <summary>Maps a standardised value back to the original unit.</summary>
    public double Inverse(string column, double scaled)
    {
        var c = _columns.FirstOrDefault(x => x.Name == column) ?? throw new KeyNotFoundException($"The scaler has no column '{column}'.");
        return scaled * Divisor(c) + c.Mean;
    }

    /// <summary>Feature matrix of the fitted columns (rows x columns), scaled, as float for ML libraries.</summary>
    public float[][] ToMatrix(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var sources = _columns.Select(c => table.Numeric(c.Name)).ToArray();
        var rows = new float[table.RowCount][];
        for (int r = 0; r < rows.Length; r++)
        {
            var row = new float[_columns.Length];
            for (int c = 0; c < _columns.Length; c++) row[c] = (float)Scale(sources[c][r], _columns[c]);
            rows[r] = row;
        }
        return rows;
    }

    public string ToJson()
    {
        var columns = new JsonArray(_columns.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["mean"] = c.Mean,
            ["std"] = c.StandardDeviation,
        }).ToArray());
        return new JsonObject { ["type"] = "standard_scaler", ["columns"] = columns }
            .ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    public static StandardScaler FromJson(string json)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("Scaler JSON must be an object.");
        if (node["type"]?.GetValue<string>() != "standard_scaler") throw new FormatException("Not a standard_scaler JSON document.");
        var columns = node["columns"] as JsonArray ?? throw new FormatException("Scaler JSON has no 'columns'.");
        return new StandardScaler(columns.Select(c => new ScaledColumn(
            c?["name"]?.GetValue<string>() ?? throw new FormatException("A scaler column has no 'name'."),
            c["mean"]?.GetValue<double>() ?? throw new FormatException("A scaler column has no 'mean'."),
            c["std"]?.GetValue<double>() ?? throw new FormatException("A scaler column has no 'std'."))));
    }

    public void Save(string path) => File.WriteAllText(path, ToJson());

    public static StandardScaler Load(string path) => FromJson(File.ReadAllText(path));

    private static double Divisor(ScaledColumn c) => c.StandardDeviation > 0 ? c.StandardDeviation : 1.0;

    private static double Scale(double x, ScaledColumn c) => (x - c.Mean) / Divisor(c);
}
