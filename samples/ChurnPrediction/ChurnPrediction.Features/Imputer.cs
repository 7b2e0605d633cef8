using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChurnPrediction.Features;

/// <summary>How <see cref="Imputer"/> chooses the value that replaces a missing cell.</summary>
public enum ImputationStrategy
{
    /// <summary>The column's mean over present values.</summary>
    Mean,
    /// <summary>The column's median over present values (robust to outliers).</summary>
    Median,
    /// <summary>A fixed value for every column.</summary>
    Constant,
}

/// <summary>
/// Fills missing numeric values. <see cref="Fit"/> learns one fill value per column (on training
/// data), <see cref="Transform(Table)"/> applies them to any table with those columns; the
/// learned values serialise to JSON so another component can apply exactly the same ones.
/// </summary>
public sealed class Imputer
{
    private readonly Dictionary<string, double> _fillValues;

    public Imputer(ImputationStrategy strategy, IReadOnlyDictionary<string, double> fillValues)
    {
        ArgumentNullException.ThrowIfNull(fillValues);
        Strategy = strategy;
        _fillValues = new Dictionary<string, double>(fillValues, StringComparer.Ordinal);
        foreach (var (column, value) in _fillValues)
        {
            if (!double.IsFinite(value)) throw new ArgumentException($"The fill value of column '{column}' is {value}, not a finite number.", nameof(fillValues));
        }
    }

    public ImputationStrategy Strategy { get; }

    /// <summary>Fill value per column name.</summary>
    public IReadOnlyDictionary<string, double> FillValues => _fillValues;

    /// <summary>
    /// Parses a strategy as components receive it: <c>mean</c>, <c>median</c>, <c>constant</c>
    /// (fills 0) or <c>constant:VALUE</c> (e.g. <c>constant:-1</c>), case-insensitive.
    /// </summary>
    public static (ImputationStrategy Strategy, double Constant) ParseStrategy(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (t.Equals("mean", StringComparison.OrdinalIgnoreCase)) return (ImputationStrategy.Mean, 0);
        if (t.Equals("median", StringComparison.OrdinalIgnoreCase)) return (ImputationStrategy.Median, 0);
        if (t.Equals("constant", StringComparison.OrdinalIgnoreCase)) return (ImputationStrategy.Constant, 0);
        if (t.StartsWith("constant:", StringComparison.OrdinalIgnoreCase)
            && double.TryParse(t["constant:".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out double c)
            && double.IsFinite(c))
        {
            return (ImputationStrategy.Constant, c);
        }
        throw new ArgumentException($"Unknown imputation strategy '{text}': use mean, median, constant or constant:<number>.", nameof(text));
    }

    /// <summary>Learns fill values for <paramref name="columns"/> (all numeric columns when null).</summary>
    /// <exception cref="InvalidOperationException">A column has no value to learn from.</exception>
    public static Imputer Fit(Table table, ImputationStrategy strategy, IEnumerable<string>? columns = null, double constant = 0)
    {
        ArgumentNullException.ThrowIfNull(table);
        var names = columns?.ToList() ?? [.. table.Columns.OfType<NumericColumn>().Select(c => c.Name)];
        var fill = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            var present = table.Numeric(name).Where(v => !double.IsNaN(v)).ToArray();
            if (strategy != ImputationStrategy.Constant && present.Length == 0)
                throw new InvalidOperationException($"Column '{name}' has no values, so its {strategy.ToString().ToLowerInvariant()} is undefined; use a constant or drop the column.");
            fill[name] = strategy switch
            {
                ImputationStrategy.Mean => Statistics.Mean(present),
                ImputationStrategy.Median => Statistics.Median(present),
                ImputationStrategy.Constant => constant,
                _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, null),
            };
        }
        return new Imputer(strategy, fill);
    }

    /// <summary>Replaces missing values in the fitted columns; other columns are unchanged.</summary>
    public Table Transform(Table table) => Transform(table, out _);

    /// <summary>Replaces missing values in the fitted columns and counts the cells filled.</summary>
    public Table Transform(Table table, out int filledCells)
    {
        ArgumentNullException.ThrowIfNull(table);
        filledCells = 0;
        var result = table;
        foreach (var (name, fillValue) in _fillValues.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var values = (double[])table.Numeric(name).Clone();
            for (int i = 0; i < values.Length; i++)
            {
                if (double.IsNaN(values[i])) { values[i] = fillValue; filledCells++; }
            }
            result = result.With(new NumericColumn(name, values));
        }
        return result;
    }

    public string ToJson()
    {
        var fill = new JsonObject();
        foreach (var (name, value) in _fillValues.OrderBy(p => p.Key, StringComparer.Ordinal)) fill[name] = value;
        var json = new JsonObject { ["strategy"] = Strategy.ToString().ToLowerInvariant(), ["fill_values"] = fill };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    public static Imputer FromJson(string json)
    {
        var node = JsonNode.Parse(json)?.AsObject() ?? throw new FormatException("Imputer JSON must be an object.");
        var strategy = Enum.Parse<ImputationStrategy>(node["strategy"]?.GetValue<string>() ?? throw new FormatException("Imputer JSON has no 'strategy'."), ignoreCase: true);
        var fill = (node["fill_values"] as JsonObject ?? throw new FormatException("Imputer JSON has no 'fill_values'."))
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<double>(), StringComparer.Ordinal);
        return new Imputer(strategy, fill);
    }
}
