using System.Text.RegularExpressions;
using System.Xml.Linq;
using ChurnPrediction.Features;

namespace ChurnPrediction.Tests;

[TestClass]
public sealed class DataQualityTests
{
    private static Table Customers(int rows, int missingAge, double maxAge = 80) => new(
        new TextColumn("id", [.. Enumerable.Range(0, rows).Select(i => "c" + i)]),
        new NumericColumn("age", [.. Enumerable.Range(0, rows).Select(i => i < missingAge ? double.NaN : 20 + (i % 10) * (maxAge - 20) / 9)]),
        new NumericColumn("label", [.. Enumerable.Range(0, rows).Select(i => (double)(i % 2))]));

    private static readonly QualityRules Rules = new()
    {
        MinRows = 10,
        MaxMissingRatio = 0.1,
        MaxMissingRatioByColumn = new Dictionary<string, double> { ["label"] = 0 },
        RequiredColumns = ["id", "age", "label"],
        NumericColumns = ["age", "label"],
        Ranges = new Dictionary<string, ValueRange> { ["age"] = new(18, 100), ["label"] = new(0, 1) },
    };

    [TestMethod]
    public void Clean_data_passes_with_a_profile_per_column()
    {
        var report = DataQuality.Check(Customers(100, missingAge: 5), Rules);
        Assert.IsTrue(report.Passed, report.Summary());
        Assert.AreEqual(100, report.RowCount);
        var age = report.Column("age");
        Assert.AreEqual(5, age.Missing);
        Assert.AreEqual(0.05, age.MissingRatio, 1e-12);
        Assert.AreEqual(20.0, age.Min);
        Assert.AreEqual(80.0, age.Max);
        Assert.IsFalse(report.Column("id").IsNumeric);
        report.EnsurePassed();
    }

    [TestMethod]
    public void Too_many_missing_values_fail()
    {
        var report = DataQuality.Check(Customers(100, missingAge: 11), Rules);
        Assert.IsFalse(report.Passed);
        Assert.AreEqual("missing_ratio", report.Issues.Single().Rule);
        Assert.AreEqual("age", report.Issues.Single().Column);
        var e = Assert.ThrowsExactly<DataQualityException>(report.EnsurePassed);
        StringAssert.Contains(e.Message, "age");
        StringAssert.Contains(e.Message, "11 of 100");
        Assert.AreSame(report, e.Report);
    }

    [TestMethod]
    public void Out_of_range_values_too_few_rows_and_missing_columns_fail()
    {
        var report = DataQuality.Check(Customers(8, missingAge: 0, maxAge: 150), Rules);
        CollectionAssert.AreEquivalent(new[] { "min_rows", "range" }, report.Issues.Select(i => i.Rule).ToArray());
        Assert.IsTrue(report.Column("age").OutOfRange > 0);

        var noLabel = DataQuality.Check(Customers(20, 0).Without("label"), Rules);
        Assert.IsTrue(noLabel.Issues.Any(i => i.Rule == "required_column" && i.Column == "label"));
    }

    [TestMethod]
    public void Per_column_limits_override_the_default()
    {
        var t = Customers(100, 0);
        var label = (double[])t.Numeric("label").Clone();
        label[0] = double.NaN;
        var report = DataQuality.Check(t.With(new NumericColumn("label", label)), Rules);
        Assert.AreEqual("label", report.Issues.Single().Column, "1 % missing is too much for the label (limit 0)");
    }

    [TestMethod]
    public void Report_markdown_shows_the_verdict_and_the_columns()
    {
        string md = DataQuality.Check(Customers(100, missingAge: 30), Rules).ToMarkdown();
        StringAssert.StartsWith(md, "# Data quality\n");
        StringAssert.Contains(md, "**Result: FAILED**");
        StringAssert.Contains(md, "| age | number | 30 | 30.0 |");
        StringAssert.Contains(md, "| Column | Type | Missing |");
    }
}

[TestClass]
public sealed class ReportTests
{
    private static Report Sample() => new Report("Model <report> & \"results\"")
        .Paragraph("Trained **well**, see `model.zip`.")
        .KeyValues("Metrics", [("accuracy", "0.91"), ("auc", "0.95")])
        .ConfusionMatrix("Confusion", ["no", "yes"], [[50, 5], [7, 38]])
        .BarChart("Importance", ["tenure", "calls", "<script>"], [-1.25, 0.8, 0.1])
        .LineChart("ROC", [0, 0.1, 1], [0, 0.7, 1], "FPR", "TPR", unitSquare: true);

    [TestMethod]
    public void Html_is_a_self_contained_page_with_inline_svg()
    {
        string html = Sample().ToHtml();
        StringAssert.StartsWith(html, "<!DOCTYPE html>");
        StringAssert.Contains(html, "<meta charset=\"utf-8\">");
        StringAssert.Contains(html, "<title>Model &lt;report&gt; &amp; &quot;results&quot;</title>");
        StringAssert.Contains(html, "<strong>well</strong>");
        StringAssert.Contains(html, "<code>model.zip</code>");
        Assert.IsFalse(html.Contains("<script", StringComparison.OrdinalIgnoreCase), "labels are escaped, no scripts");
        Assert.IsFalse(Regex.IsMatch(html, "(src|href)="), "no external resources");
        Assert.AreEqual(2, Regex.Matches(html, "<svg ").Count);
        StringAssert.EndsWith(html, "</html>\n");
        Assert.AreEqual(html, Sample().ToHtml(), "rendering is deterministic");
    }

    [TestMethod]
    public void Svg_charts_are_well_formed_xml()
    {
        string html = Sample().ToHtml();
        foreach (Match m in Regex.Matches(html, "<svg .*?</svg>", RegexOptions.Singleline))
        {
            var svg = XDocument.Parse(m.Value).Root!;
            Assert.AreEqual("svg", svg.Name.LocalName);
        }
        var bars = XDocument.Parse(SvgChart.Bar("t", ["a", "b", "c"], [1, -2, 3])).Descendants().Where(e => e.Name.LocalName == "rect").ToList();
        Assert.AreEqual(3, bars.Count);
        double Width(XElement e) => double.Parse(e.Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.AreEqual(Width(bars[2]), Width(bars[0]) * 3, 0.05, "bar lengths are proportional to the values");
        Assert.ThrowsExactly<ArgumentException>(() => SvgChart.Bar("t", ["a"], [double.NaN]));
    }

    [TestMethod]
    public void Markdown_has_tables_and_text_bars()
    {
        string md = Sample().ToMarkdown();
        StringAssert.StartsWith(md, "# Model <report> & \"results\"\n");
        StringAssert.Contains(md, "**Metrics**\n\n- accuracy: 0.91\n- auc: 0.95\n");
        StringAssert.Contains(md, "| actual \\ predicted | no | yes |");
        StringAssert.Contains(md, "| yes | 7 | 38 |");
        StringAssert.Contains(md, "| tenure | -1.25 | −████████████████████ |");
        Assert.ThrowsExactly<ArgumentException>(() => new Report("x").ConfusionMatrix("c", ["a", "b"], [[1, 2]]));
    }
}
