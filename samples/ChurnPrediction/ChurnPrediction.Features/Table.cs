namespace ChurnPrediction.Features;

/// <summary>
/// One named column of a <see cref="Table"/>: numbers (<see cref="NumericColumn"/>, missing = NaN)
/// or text (<see cref="TextColumn"/>, missing = null).
/// </summary>
public abstract class TableColumn
{
    protected TableColumn(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    public string Name { get; }

    /// <summary>Number of rows.</summary>
    public abstract int Length { get; }

    public abstract bool IsMissing(int row);

    /// <summary>Number of missing cells.</summary>
    public int MissingCount
    {
        get
        {
            int n = 0;
            for (int i = 0; i < Length; i++) if (IsMissing(i)) n++;
            return n;
        }
    }

    /// <summary>A new column with the given rows, in that order (rows may repeat).</summary>
    public abstract TableColumn Take(IReadOnlyList<int> rows);

    /// <summary>The same values under another name.</summary>
    public abstract TableColumn Rename(string name);
}

/// <summary>A column of numbers; NaN marks a missing value.</summary>
public sealed class NumericColumn(string name, double[] values) : TableColumn(name)
{
    public double[] Values { get; } = values ?? throw new ArgumentNullException(nameof(values));
    public override int Length => Values.Length;
    public override bool IsMissing(int row) => double.IsNaN(Values[row]);
    public override TableColumn Take(IReadOnlyList<int> rows) => new NumericColumn(Name, [.. rows.Select(r => Values[r])]);
    public override TableColumn Rename(string name) => new NumericColumn(name, (double[])Values.Clone());
}

/// <summary>A column of text; null marks a missing value.</summary>
public sealed class TextColumn(string name, string?[] values) : TableColumn(name)
{
    public string?[] Values { get; } = values ?? throw new ArgumentNullException(nameof(values));
    public override int Length => Values.Length;
    public override bool IsMissing(int row) => Values[row] is null;
    public override TableColumn Take(IReadOnlyList<int> rows) => new TextColumn(Name, [.. rows.Select(r => Values[r])]);
    public override TableColumn Rename(string name) => new TextColumn(name, (string?[])Values.Clone());
}

/// <summary>
/// A small column-oriented data table: what components pass to each other as CSV. Operations
/// return new tables; a column's value array is shared until a transform copies it.
/// </summary>
public sealed class Table
{
    private readonly TableColumn[] _columns;
    private readonly Dictionary<string, int> _index;

    public Table(IEnumerable<TableColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = [.. columns];
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _columns.Length; i++)
        {
            if (!_index.TryAdd(_columns[i].Name, i))
                throw new ArgumentException($"Column '{_columns[i].Name}' appears twice.", nameof(columns));
        }
        RowCount = _columns.Length == 0 ? 0 : _columns[0].Length;
        foreach (var c in _columns)
        {
            if (c.Length != RowCount)
                throw new ArgumentException($"Column '{c.Name}' has {c.Length} rows but '{_columns[0].Name}' has {RowCount}.", nameof(columns));
        }
    }

    public Table(params TableColumn[] columns) : this((IEnumerable<TableColumn>)columns) { }

    public int RowCount { get; }

    public IReadOnlyList<TableColumn> Columns => _columns;

    public IReadOnlyList<string> ColumnNames => [.. _columns.Select(c => c.Name)];

    public bool HasColumn(string name) => _index.ContainsKey(name);

    public TableColumn this[string name] => _index.TryGetValue(name, out int i)
        ? _columns[i]
        : throw new KeyNotFoundException($"The table has no column '{name}'; it has: {string.Join(", ", _columns.Select(c => c.Name))}.");

    /// <summary>The values of numeric column <paramref name="name"/> (NaN = missing).</summary>
    public double[] Numeric(string name) => this[name] is NumericColumn n
        ? n.Values
        : throw new InvalidOperationException($"Column '{name}' holds text, not numbers.");

    /// <summary>The values of text column <paramref name="name"/> (null = missing).</summary>
    public string?[] Text(string name) => this[name] is TextColumn t
        ? t.Values
        : throw new InvalidOperationException($"Column '{name}' holds numbers, not text.");

    /// <summary>The rows at <paramref name="rows"/>, in that order.</summary>
    public Table Take(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (int r in rows)
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)r, (uint)RowCount, nameof(rows));
        return new Table(_columns.Select(c => c.Take(rows)));
    }

    /// <summary>This table with <paramref name="column"/> added, or replacing the column of the same name in place.</summary>
    public Table With(TableColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var columns = _columns.ToList();
        if (_index.TryGetValue(column.Name, out int i)) columns[i] = column;
        else columns.Add(column);
        return new Table(columns);
    }

    /// <summary>This table without the named columns (names it does not have are ignored).</summary>
    public Table Without(params string[] names) => new(_columns.Where(c => !names.Contains(c.Name, StringComparer.Ordinal)));

    /// <summary>Only the named columns, in the given order.</summary>
    public Table Select(params string[] names) => new(names.Select(n => this[n]));

    /// <summary>Rows where every named column (all columns when none are named) has a value.</summary>
    public Table DropMissing(params string[] names)
    {
        var columns = names.Length == 0 ? _columns : names.Select(n => this[n]).ToArray();
        var keep = Enumerable.Range(0, RowCount).Where(r => columns.All(c => !c.IsMissing(r))).ToArray();
        return Take(keep);
    }

    public override string ToString() => $"Table({RowCount} rows: {string.Join(", ", _columns.Select(c => c.Name))})";
}
