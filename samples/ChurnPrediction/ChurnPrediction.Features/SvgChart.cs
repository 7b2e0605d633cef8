using System.Globalization;
using System.Net;
using System.Text;

namespace ChurnPrediction.Features;

/// <summary>
/// Inline SVG charts with no scripts and no external resources, so an HTML artifact renders
/// the same in the KFP UI, a browser or a mail client. Output is deterministic text.
/// </summary>
public static class SvgChart
{
    private const string Positive = "#2b7bba";
    private const string Negative = "#d6604d";
    private const string Axis = "#555";
    private const string Grid = "#ddd";
    private const string Font = "font-family=\"system-ui, -apple-system, Segoe UI, sans-serif\" font-size=\"12\"";

    /// <summary>
    /// A horizontal bar chart, one bar per label. Negative values grow left of a zero line, so
    /// signed values (e.g. model coefficients) read correctly.
    /// </summary>
    public static string Bar(string title, IReadOnlyList<string> labels, IReadOnlyList<double> values, string valueFormat = "0.###", int width = 640)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(values);
        if (labels.Count != values.Count) throw new ArgumentException($"{labels.Count} labels for {values.Count} values.", nameof(values));
        if (values.Any(v => !double.IsFinite(v))) throw new ArgumentException("Bar values must be finite numbers.", nameof(values));

        const int barHeight = 22, gap = 6, top = 34, labelWidth = 170, valueWidth = 64;
        int height = top + labels.Count * (barHeight + gap) + 10;
        double min = Math.Min(0, values.DefaultIfEmpty(0).Min());
        double max = Math.Max(0, values.DefaultIfEmpty(0).Max());
        if (max - min <= 0) max = 1;
        // Room for value labels on the right, and on the left too when bars grow leftwards.
        double plotLeft = labelWidth + (min < 0 ? valueWidth : 0), plotWidth = width - plotLeft - valueWidth;
        double X(double v) => plotLeft + (v - min) / (max - min) * plotWidth;
        double zero = X(0);

        var svg = Open(width, height, title);
        svg.Append(Inv($"<text x=\"{width / 2.0}\" y=\"20\" text-anchor=\"middle\" font-weight=\"bold\">{Esc(title)}</text>\n"));
        for (int i = 0; i < labels.Count; i++)
        {
            double y = top + i * (barHeight + gap);
            double x0 = Math.Min(zero, X(values[i])), x1 = Math.Max(zero, X(values[i]));
            string color = values[i] < 0 ? Negative : Positive;
            string text = values[i].ToString(valueFormat, CultureInfo.InvariantCulture);
            svg.Append(Inv($"<text x=\"{labelWidth - 8}\" y=\"{y + barHeight * 0.7:0.#}\" text-anchor=\"end\">{Esc(labels[i])}</text>\n"));
            svg.Append(Inv($"<rect x=\"{x0:0.##}\" y=\"{y}\" width=\"{Math.Max(1, x1 - x0):0.##}\" height=\"{barHeight}\" fill=\"{color}\"><title>{Esc(labels[i])}: {text}</title></rect>\n"));
            double tx = values[i] < 0 ? x0 - 4 : x1 + 4;
            svg.Append(Inv($"<text x=\"{tx:0.##}\" y=\"{y + barHeight * 0.7:0.#}\" text-anchor=\"{(values[i] < 0 ? "end" : "start")}\" fill=\"{Axis}\">{Esc(text)}</text>\n"));
        }
        svg.Append(Inv($"<line x1=\"{zero:0.##}\" y1=\"{top - 4}\" x2=\"{zero:0.##}\" y2=\"{height - 6}\" stroke=\"{Axis}\" stroke-width=\"1\"/>\n"));
        return Close(svg);
    }

    /// <summary>
    /// A line chart of (x, y) points on fixed axis ranges, e.g. a ROC curve on [0,1]x[0,1] with
    /// the chance diagonal.
    /// </summary>
    public static string Line(string title, IReadOnlyList<double> xs, IReadOnlyList<double> ys, string xLabel, string yLabel,
        ValueRange? xRange = null, ValueRange? yRange = null, bool diagonal = false, int width = 420, int height = 380)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        if (xs.Count != ys.Count) throw new ArgumentException($"{xs.Count} x values for {ys.Count} y values.", nameof(ys));
        if (xs.Concat(ys).Any(v => !double.IsFinite(v))) throw new ArgumentException("Points must be finite numbers.", nameof(xs));

        var xr = xRange ?? Range(xs);
        var yr = yRange ?? Range(ys);
        const int left = 56, right = 16, top = 34, bottom = 48;
        double pw = width - left - right, ph = height - top - bottom;
        double X(double v) => left + (v - xr.Min) / (xr.Max - xr.Min) * pw;
        double Y(double v) => top + ph - (v - yr.Min) / (yr.Max - yr.Min) * ph;

        var svg = Open(width, height, title);
        svg.Append(Inv($"<text x=\"{width / 2.0}\" y=\"20\" text-anchor=\"middle\" font-weight=\"bold\">{Esc(title)}</text>\n"));
        for (int t = 0; t <= 4; t++)
        {
            double fx = xr.Min + (xr.Max - xr.Min) * t / 4, fy = yr.Min + (yr.Max - yr.Min) * t / 4;
            svg.Append(Inv($"<line x1=\"{X(fx):0.##}\" y1=\"{top}\" x2=\"{X(fx):0.##}\" y2=\"{top + ph}\" stroke=\"{Grid}\"/>\n"));
            svg.Append(Inv($"<line x1=\"{left}\" y1=\"{Y(fy):0.##}\" x2=\"{left + pw}\" y2=\"{Y(fy):0.##}\" stroke=\"{Grid}\"/>\n"));
            svg.Append(Inv($"<text x=\"{X(fx):0.##}\" y=\"{top + ph + 16}\" text-anchor=\"middle\" fill=\"{Axis}\">{fx:0.##}</text>\n"));
            svg.Append(Inv($"<text x=\"{left - 6}\" y=\"{Y(fy) + 4:0.##}\" text-anchor=\"end\" fill=\"{Axis}\">{fy:0.##}</text>\n"));
        }
        svg.Append(Inv($"<rect x=\"{left}\" y=\"{top}\" width=\"{pw}\" height=\"{ph}\" fill=\"none\" stroke=\"{Axis}\"/>\n"));
        if (diagonal)
            svg.Append(Inv($"<line x1=\"{X(xr.Min):0.##}\" y1=\"{Y(yr.Min):0.##}\" x2=\"{X(xr.Max):0.##}\" y2=\"{Y(yr.Max):0.##}\" stroke=\"{Axis}\" stroke-dasharray=\"4 4\"/>\n"));
        if (xs.Count > 0)
        {
            var points = string.Join(" ", xs.Select((x, i) => Inv($"{X(x):0.##},{Y(ys[i]):0.##}")));
            svg.Append(Inv($"<polyline points=\"{points}\" fill=\"none\" stroke=\"{Positive}\" stroke-width=\"2\"/>\n"));
        }
        svg.Append(Inv($"<text x=\"{left + pw / 2:0.##}\" y=\"{height - 10}\" text-anchor=\"middle\">{Esc(xLabel)}</text>\n"));
        svg.Append(Inv($"<text transform=\"translate(14 {top + ph / 2:0.##}) rotate(-90)\" text-anchor=\"middle\">{Esc(yLabel)}</text>\n"));
        return Close(svg);
    }

    private static ValueRange Range(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return new ValueRange(0, 1);
        double min = values.Min(), max = values.Max();
        return max > min ? new ValueRange(min, max) : new ValueRange(min - 1, max + 1);
    }

    private static StringBuilder Open(int width, int height, string title) => new StringBuilder()
        .Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{Esc(title)}\" {Font}>\n"))
        .Append(Inv($"<title>{Esc(title)}</title>\n"));

    private static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static string Esc(string s) => WebUtility.HtmlEncode(s);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
