using System.Globalization;
using ChurnPrediction.Features;

namespace ChurnPrediction.Tests;

[TestClass]
public sealed class TableAndCsvTests
{
    private static Table Sample() => new(
        new TextColumn("id", ["a", "b, \"quoted\"", null, "multi\nline"]),
        new NumericColumn("x", [1.5, double.NaN, -0.1, 1e-7]),
        new NumericColumn("y", [0.1 + 0.2, 3, 4, double.NaN]));

    [TestMethod]
    public void Csv_round_trips_numbers_text_quotes_and_missing_cells()
    {
        var original = Sample();
        string text = Csv.ToCsvString(original);
        var back = Csv.Parse(text);

        CollectionAssert.AreEqual(new[] { "id", "x", "y" }, back.ColumnNames.ToArray());
        Assert.AreEqual(4, back.RowCount);
        CollectionAssert.AreEqual(original.Text("id"), back.Text("id"));
        CollectionAssert.AreEqual(original.Numeric("x"), back.Numeric("x"));   // NaN == NaN for double.Equals
        Assert.AreEqual(0.1 + 0.2, back.Numeric("y")[0], 0.0, "doubles must round-trip bit-exactly");
        Assert.IsTrue(double.IsNaN(back.Numeric("y")[3]));
        Assert.AreEqual(text, Csv.ToCsvString(back), "writing what was read gives the same bytes");
    }

    [TestMethod]
    public void Csv_uses_invariant_culture_whatever_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            string text = Csv.ToCsvString(new Table(new NumericColumn("v", [1234.5, -0.25])));
            Assert.AreEqual("v\n1234.5\n-0.25\n", text);
            Assert.AreEqual(1234.5, Csv.Parse(text).Numeric("v")[0]);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [TestMethod]
    public void Csv_reads_empty_cells_as_missing_and_infers_column_types()
    {
        var table = Csv.Parse("id,amount,plan\r\nC1,10,basic\r\nC2,,\r\nC3,7.25,pro\r\n");
        Assert.IsInstanceOfType<TextColumn>(table["id"]);
        Assert.IsInstanceOfType<NumericColumn>(table["amount"]);
        Assert.IsTrue(double.IsNaN(table.Numeric("amount")[1]));
        Assert.IsNull(table.Text("plan")[1]);
        Assert.AreEqual(1, table["amount"].MissingCount);
    }

    [TestMethod]
    public void Csv_file_round_trip_creates_the_folder()
    {
        string dir = Path.Combine(Path.GetTempPath(), "churn-csv-" + Guid.NewGuid().ToString("N"));
        try
        {
            string path = Path.Combine(dir, "nested", "t.csv");
            Csv.Write(Sample(), path);
            var back = Csv.Read(path);
            Assert.AreEqual(4, back.RowCount);
            Assert.AreEqual("b, \"quoted\"", back.Text("id")[1]);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void Csv_rejects_ragged_rows_with_the_line_number()
    {
        var e = Assert.ThrowsExactly<FormatException>(() => Csv.Parse("a,b\n1,2\n3\n"));
        StringAssert.Contains(e.Message, "line 3");
    }

    [TestMethod]
    public void Csv_rejects_duplicate_headers_and_unclosed_quotes()
    {
        Assert.ThrowsExactly<FormatException>(() => Csv.Parse("a,a\n1,2\n"));
        Assert.ThrowsExactly<FormatException>(() => Csv.Parse("a\n\"open\n"));
        Assert.ThrowsExactly<FormatException>(() => Csv.Parse(""));
    }

    [TestMethod]
    public void Table_take_with_and_drop_missing()
    {
        var t = Sample();
        var taken = t.Take([3, 0]);
        CollectionAssert.AreEqual(new[] { "multi\nline", "a" }, taken.Text("id"));
        var replaced = t.With(new NumericColumn("x", [0, 0, 0, 0]));
        Assert.AreEqual(3, replaced.Columns.Count);
        Assert.AreEqual(0.0, replaced.Numeric("x")[1]);
        Assert.AreEqual(2, t.DropMissing("x", "y").RowCount);
        Assert.ThrowsExactly<ArgumentException>(() => new Table(new NumericColumn("a", [1]), new NumericColumn("b", [1, 2])));
        Assert.ThrowsExactly<KeyNotFoundException>(() => t["nope"]);
    }
}
