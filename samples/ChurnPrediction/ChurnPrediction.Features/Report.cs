using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace ChurnPrediction.Features;

/// <summary>
/// A small report built from blocks (headings, text, tables, charts) that renders both as
/// Markdown (KFP's <c>Markdown</c> artifact) and as one self-contained HTML page with inline
/// SVG charts (KFP's <c>HTML</c> artifact). Paragraph text may use <c>**bold**</c> and <c>`code`</c>.
/// </summary>
public sealed partial class Report(string title)
{
    private abstract record Block;
    private sealed record HeadingBlock(string Text) : Block;
    private sealed record ParagraphBlock(string Text) : Block;
    private sealed record ListBlock(IReadOnlyList<string> Items) : Block;
    private sealed record TableBlock(string? Caption, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows, bool FirstColumnIsHeader) : Block;
    private sealed record BarBlock(string Title, IReadOnlyList<string> Labels, IReadOnlyList<double> Values, string Format) : Block;
    private sealed record LineBlock(string Title, IReadOnlyList<double> Xs, IReadOnlyList<double> Ys, string XLabel, string YLabel, bool Unit) : Block;
    private sealed record MatrixBlock(string Title, IReadOnlyList<string> Categories, IReadOnlyList<IReadOnlyList<int>> Counts) : Block;

    private readonly List<Block> _blocks = [];

    public string Title { get; } = string.IsNullOrWhiteSpace(title) ? throw new ArgumentException("A report needs a title.", nameof(title)) : title;

    public Report Heading(string text) => Add(new HeadingBlock(text));

    public Report Paragraph(string text) => Add(new ParagraphBlock(text));

    public Report List(IEnumerable<string> items) => Add(new ListBlock([.. items]));

    public Report Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string? caption = null)
    {
        var list = rows.ToList();
        if (list.Any(r => r.Count != header.Count)) throw new ArgumentException($"Every row needs {header.Count} cells.", nameof(rows));
        return Add(new TableBlock(caption, header, list, false));
    }

    /// <summary>A two-column table of names and values.</summary>
    public Report KeyValues(string? caption, IEnumerable<(string Key, string Value)> pairs) =>
        Add(new TableBlock(caption, ["", ""], [.. pairs.Select(p => (IReadOnlyList<string>)[p.Key, p.Value])], true));

    /// <summary>A horizontal bar chart (SVG in HTML, text bars in Markdown).</summary>
    public Report BarChart(string chartTitle, IReadOnlyList<string> labels, IReadOnlyList<double> values, string valueFormat = "0.###")
    {
        if (labels.Count != values.Count) throw new ArgumentException($"{labels.Count} labels for {values.Count} values.", nameof(values));
        return Add(new BarBlock(chartTitle, [.. labels], [.. values], valueFormat));
    }

    /// <summary>A line chart; <paramref name="unitSquare"/> fixes both axes to [0,1] and draws the diagonal (ROC curves).</summary>
    public Report LineChart(string chartTitle, IReadOnlyList<double> xs, IReadOnlyList<double> ys, string xLabel, string yLabel, bool unitSquare = false)
    {
        if (xs.Count != ys.Count) throw new ArgumentException($"{xs.Count} x values for {ys.Count} y values.", nameof(ys));
        return Add(new LineBlock(chartTitle, [.. xs], [.. ys], xLabel, yLabel, unitSquare));
    }

    /// <summary>A confusion matrix: <paramref name="counts"/>[actual][predicted].</summary>
    public Report ConfusionMatrix(string matrixTitle, IReadOnlyList<string> categories, IReadOnlyList<IReadOnlyList<int>> counts)
    {
        if (counts.Count != categories.Count || counts.Any(r => r.Count != categories.Count))
            throw new ArgumentException($"The matrix must be {categories.Count}x{categories.Count}.", nameof(counts));
        return Add(new MatrixBlock(matrixTitle, [.. categories], [.. counts.Select(r => (IReadOnlyList<int>)[.. r])]));
    }

    private Report Add(Block block)
    {
        _blocks.Add(block);
        return this;
    }

    // ---------------------------------------------------------------- Markdown

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.Append("# ").Append(Title).Append("\n\n");
        foreach (var block in _blocks)
        {
            switch (block)
            {
                case HeadingBlock h:
                    md.Append("## ").Append(h.Text).Append("\n\n");
                    break;
                case ParagraphBlock p:
                    md.Append(p.Text).Append("\n\n");
                    break;
                case ListBlock l:
                    foreach (var item in l.Items) md.Append("- ").Append(item).Append('\n');
                    md.Append('\n');
                    break;
                case TableBlock t:
                    if (t.Caption is not null) md.Append("**").Append(t.Caption).Append("**\n\n");
                    if (t.FirstColumnIsHeader)
                    {
                        // Names and values read better as a list than as a table with no header.
                        foreach (var row in t.Rows) md.Append("- ").Append(row[0]).Append(": ").Append(row[1]).Append('\n');
                        md.Append('\n');
                    }
                    else
                    {
                        MarkdownTable(md, t.Header, t.Rows);
                    }
                    break;
                case BarBlock b:
                {
                    md.Append("**").Append(b.Title).Append("**\n\n");
                    double scale = b.Values.Select(Math.Abs).DefaultIfEmpty(0).Max();
                    MarkdownTable(md, ["", "", ""], b.Labels.Select((label, i) => (IReadOnlyList<string>)
                    [
                        label,
                        b.Values[i].ToString(b.Format, CultureInfo.InvariantCulture),
                        (b.Values[i] < 0 ? "−" : "") + new string('█', scale > 0 ? (int)Math.Round(Math.Abs(b.Values[i]) / scale * 20) : 0),
                    ]).ToList());
                    break;
                }
                case LineBlock l:
                    md.Append("**").Append(l.Title).Append("**\n\n");
                    MarkdownTable(md, [l.XLabel, l.YLabel], Thin(l.Xs.Count, 11).Select(i => (IReadOnlyList<string>)
                        [Num(l.Xs[i]), Num(l.Ys[i])]).ToList());
                    break;
                case MatrixBlock m:
                    md.Append("**").Append(m.Title).Append("** (rows: actual, columns: predicted)\n\n");
                    MarkdownTable(md, ["actual \\ predicted", .. m.Categories], m.Categories.Select((c, i) => (IReadOnlyList<string>)
                        [c, .. m.Counts[i].Select(v => v.ToString(CultureInfo.InvariantCulture))]).ToList());
                    break;
            }
        }
        return md.ToString().TrimEnd('\n') + "\n";
    }

    private static void MarkdownTable(StringBuilder md, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        md.Append("| ").Append(string.Join(" | ", header.Select(Cell))).Append(" |\n");
        md.Append('|').Append(string.Concat(header.Select(_ => " --- |"))).Append('\n');
        foreach (var row in rows) md.Append("| ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
        md.Append('\n');
    }

    /// <summary>Up to <paramref name="max"/> evenly spread indices, always the first and the last.</summary>
    private static IEnumerable<int> Thin(int count, int max) => count <= max
        ? Enumerable.Range(0, count)
        : Enumerable.Range(0, max).Select(k => (int)Math.Round((double)k * (count - 1) / (max - 1))).Distinct();

    // ---------------------------------------------------------------- HTML

    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Esc(Title)).Append("</title>\n")
            .Append("<style>\n")
            .Append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:860px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\n")
            .Append("h1{font-size:1.6em;border-bottom:2px solid #2b7bba;padding-bottom:.2em}h2{font-size:1.25em;margin-top:1.6em}\n")
            .Append("table{border-collapse:collapse;margin:.6em 0 1.2em}th,td{border:1px solid #ccc;padding:.3em .7em;text-align:left}\n")
            .Append("th{background:#f3f6f9}td.num{text-align:right;font-variant-numeric:tabular-nums}caption{font-weight:bold;text-align:left;padding:.3em 0}\n")
            .Append("figure{margin:1em 0}code{background:#f3f3f3;padding:0 .25em;border-radius:3px}\n")
            .Append("</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(Esc(Title)).Append("</h1>\n");
        foreach (var block in _blocks)
        {
            switch (block)
            {
                case HeadingBlock h:
                    html.Append("<h2>").Append(Esc(h.Text)).Append("</h2>\n");
                    break;
                case ParagraphBlock p:
                    html.Append("<p>").Append(Inline(p.Text)).Append("</p>\n");
                    break;
                case ListBlock l:
                    html.Append("<ul>\n");
                    foreach (var item in l.Items) html.Append("<li>").Append(Inline(item)).Append("</li>\n");
                    html.Append("</ul>\n");
                    break;
                case TableBlock t:
                    html.Append("<table>\n");
                    if (t.Caption is not null) html.Append("<caption>").Append(Esc(t.Caption)).Append("</caption>\n");
                    if (!t.FirstColumnIsHeader)
                        html.Append("<thead><tr>").Append(string.Concat(t.Header.Select(h => $"<th>{Esc(h)}</th>"))).Append("</tr></thead>\n");
                    html.Append("<tbody>\n");
                    foreach (var row in t.Rows)
                    {
                        html.Append("<tr>");
                        for (int i = 0; i < row.Count; i++)
                        {
                            if (i == 0 && t.FirstColumnIsHeader) html.Append("<th scope=\"row\">").Append(Esc(row[i])).Append("</th>");
                            else html.Append(IsNumber(row[i]) ? "<td class=\"num\">" : "<td>").Append(Esc(row[i])).Append("</td>");
                        }
                        html.Append("</tr>\n");
                    }
                    html.Append("</tbody>\n</table>\n");
                    break;
                case BarBlock b:
                    html.Append("<figure>\n").Append(SvgChart.Bar(b.Title, b.Labels, b.Values, b.Format)).Append("\n</figure>\n");
                    break;
                case LineBlock l:
                    var unit = l.Unit ? new ValueRange(0, 1) : (ValueRange?)null;
                    html.Append("<figure>\n").Append(SvgChart.Line(l.Title, l.Xs, l.Ys, l.XLabel, l.YLabel, unit, unit, diagonal: l.Unit)).Append("\n</figure>\n");
                    break;
                case MatrixBlock m:
                    html.Append(MatrixHtml(m));
                    break;
            }
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static string MatrixHtml(MatrixBlock m)
    {
        int max = Math.Max(1, m.Counts.SelectMany(r => r).DefaultIfEmpty(0).Max());
        var html = new StringBuilder();
        html.Append("<table class=\"confusion\">\n<caption>").Append(Esc(m.Title)).Append("</caption>\n")
            .Append("<thead><tr><th>actual \\ predicted</th>")
            .Append(string.Concat(m.Categories.Select(c => $"<th>{Esc(c)}</th>"))).Append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < m.Categories.Count; i++)
        {
            html.Append("<tr><th scope=\"row\">").Append(Esc(m.Categories[i])).Append("</th>");
            for (int j = 0; j < m.Categories.Count; j++)
            {
                int v = m.Counts[i][j];
                double shade = (double)v / max;
                // Diagonal (correct) cells in blue, the rest in red; stronger colour for larger counts.
                string rgb = i == j ? "43,123,186" : "214,96,77";
                string color = shade > 0.6 ? "#fff" : "#222";
                html.Append(string.Create(CultureInfo.InvariantCulture,
                    $"<td class=\"num\" style=\"background:rgba({rgb},{0.1 + 0.8 * shade:0.###});color:{color}\">{v}</td>"));
            }
            html.Append("</tr>\n");
        }
        return html.Append("</tbody>\n</table>\n").ToString();
    }

    private static string Esc(string s) => WebUtility.HtmlEncode(s);

    /// <summary>Escapes text, then turns **bold** and `code` into tags.</summary>
    private static string Inline(string text)
    {
        string escaped = Esc(text);
        escaped = CodeSpan().Replace(escaped, "<code>$1</code>");
        return BoldSpan().Replace(escaped, "<strong>$1</strong>");
    }

    private static bool IsNumber(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex BoldSpan();

    [GeneratedRegex(@"`(.+?)`")]
    private static partial Regex CodeSpan();
}
