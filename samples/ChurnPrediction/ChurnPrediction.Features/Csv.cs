using System.Globalization;
using System.Text;

namespace ChurnPrediction.Features;

/// <summary>
/// Reads and writes <see cref="Table"/>s as CSV (RFC 4180): a header row, comma separators,
/// double quotes around cells that need them, invariant culture for numbers whatever the
/// machine's locale. An empty cell is a missing value (NaN in numeric columns, null in text
/// columns). A column is numeric when every non-empty cell parses as a number.
/// </summary>
public static class Csv
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Reads the CSV file at <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">The file is not a well-formed CSV table.</exception>
    public static Table Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path, Utf8NoBom, detectEncodingFromByteOrderMarks: true);
        try
        {
            return Read(reader);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Parses CSV text.</summary>
    public static Table Parse(string text) => Read(new StringReader(text));

    /// <summary>Reads CSV from <paramref name="reader"/>.</summary>
    public static Table Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var records = ReadRecords(reader).ToList();
        if (records.Count == 0) throw new FormatException("The CSV has no header row.");

        var (header, headerLine) = records[0];
        for (int c = 0; c < header.Count; c++)
        {
            if (string.IsNullOrWhiteSpace(header[c]))
                throw new FormatException($"line {headerLine}: column {c + 1} has no name in the header row.");
        }
        var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new FormatException($"line {headerLine}: column '{duplicate.Key}' appears twice in the header row.");

        int rows = records.Count - 1;
        var cells = new string[header.Count][];
        for (int c = 0; c < header.Count; c++) cells[c] = new string[rows];
        for (int r = 0; r < rows; r++)
        {
            var (fields, line) = records[r + 1];
            if (fields.Count != header.Count)
                throw new FormatException($"line {line}: expected {header.Count} cells (one per header column) but found {fields.Count}.");
            for (int c = 0; c < header.Count; c++) cells[c][r] = fields[c];
        }

        var columns = new TableColumn[header.Count];
        for (int c = 0; c < header.Count; c++) columns[c] = ToColumn(header[c], cells[c]);
        return new Table(columns);
    }

    /// <summary>Writes <paramref name="table"/> to <paramref name="path"/> (UTF-8, no BOM, \n line ends).</summary>
    public static void Write(Table table, string path)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        using var writer = new StreamWriter(path, append: false, Utf8NoBom);
        Write(table, writer);
    }

    /// <summary>Writes <paramref name="table"/> as CSV text.</summary>
    public static void Write(Table table, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(string.Join(',', table.Columns.Select(c => Quote(c.Name))));
        writer.Write('\n');
        var line = new StringBuilder();
        for (int r = 0; r < table.RowCount; r++)
        {
            line.Clear();
            for (int c = 0; c < table.Columns.Count; c++)
            {
                if (c > 0) line.Append(',');
                line.Append(table.Columns[c] switch
                {
                    NumericColumn n => FormatNumber(n.Values[r]),
                    TextColumn t => t.Values[r] is { } s ? Quote(s) : "",
                    var other => throw new NotSupportedException(other.GetType().Name),
                });
            }
            line.Append('\n');
            writer.Write(line);
        }
    }

    /// <summary>The table as CSV text.</summary>
    public static string ToCsvString(Table table)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(table, writer);
        return writer.ToString();
    }

    /// <summary>Shortest text that reads back as the same double; empty for NaN.</summary>
    public static string FormatNumber(double value) =>
        double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);

    private static TableColumn ToColumn(string name, string[] cells)
    {
        var numbers = new double[cells.Length];
        for (int i = 0; i < cells.Length; i++)
        {
            string cell = cells[i];
            if (cell.Length == 0) numbers[i] = double.NaN;
            else if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]))
                return new TextColumn(name, [.. cells.Select(s => s.Length == 0 ? null : s)]);
        }
        return new NumericColumn(name, numbers);
    }

    private static string Quote(string cell) =>
        cell.Length == 0 || cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 || cell != cell.Trim()
            ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : cell;

    /// <summary>RFC 4180 records with the line each starts on; blank lines are skipped.</summary>
    private static IEnumerable<(List<string> Fields, int Line)> ReadRecords(TextReader reader)
    {
        var fields = new List<string>();
        var cell = new StringBuilder();
        int line = 1, recordLine = 1;
        bool inQuotes = false, quoted = false, any = false;

        while (true)
        {
            int ch = reader.Read();
            if (inQuotes)
            {
                if (ch == -1) throw new FormatException($"line {recordLine}: a quoted cell is not closed.");
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); cell.Append('"'); }
                    else inQuotes = false;
                }
                else
                {
                    if (ch == '\n') line++;
                    cell.Append((char)ch);
                }
                continue;
            }

            switch (ch)
            {
                case '"' when cell.Length == 0 && !quoted:
                    inQuotes = quoted = any = true;
                    break;
                case '"':
                    throw new FormatException($"line {line}: a double quote inside an unquoted cell; quote the cell and double the quote.");
                case ',':
                    fields.Add(cell.ToString());
                    cell.Clear();
                    quoted = false;
                    any = true;
                    break;
                case '\r':
                    break;
                case '\n' or -1:
                    if (any || cell.Length > 0)
                    {
                        fields.Add(cell.ToString());
                        yield return (fields, recordLine);
                        fields = [];
                    }
                    cell.Clear();
                    quoted = any = false;
                    if (ch == -1) yield break;
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (quoted) throw new FormatException($"line {line}: text after a quoted cell's closing quote.");
                    cell.Append((char)ch);
                    any = true;
                    break;
            }
        }
    }
}
