using System.Text.Json;

namespace Pipelines.Tests.Execution;

/// <summary>KFP parameter values (JSON) → the C# types components declare.</summary>
[TestClass]
public sealed class ParameterReaderTests
{
    private static object? Read<T>(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return ParameterReader.Read(doc.RootElement, typeof(T));
    }

    private static string Fails<T>(string json) => Assert.ThrowsExactly<FormatException>(() => Read<T>(json)).Message;

    [TestMethod]
    [DataRow("5", 5)]
    [DataRow("5.0", 5)]
    [DataRow("-5.0", -5)]
    [DataRow("\"7\"", 7)]
    [DataRow("2147483647", int.MaxValue)]
    [DataRow("1e3", 1000)]
    public void Integers(string json, int expected) => Assert.AreEqual(expected, Read<int>(json));

    [TestMethod]
    [DataRow("5.5", "expected an integer")]
    [DataRow("\"five\"", "expected an integer")]
    [DataRow("true", "expected an integer")]
    [DataRow("[1]", "expected an integer")]
    [DataRow("2147483648", "out of range")]
    [DataRow("null", "got null")]
    [DataRow("\"Infinity\"", "expected an integer")]
    [DataRow("\"NaN\"", "expected an integer")]
    public void NotAnInteger(string json, string reason) => Assert.Contains(reason, Fails<int>(json));

    [TestMethod]
    public void OtherIntegerTypes()
    {
        Assert.AreEqual(5_000_000_000L, Read<long>("5000000000.0"));
        Assert.AreEqual(9007199254740991L, Read<long>("9007199254740991"));
        Assert.AreEqual((short)-3, Read<short>("-3"));
        Assert.AreEqual((byte)255, Read<byte>("255"));
        Assert.AreEqual(4u, Read<uint>("4"));
        Assert.AreEqual(7UL, Read<ulong>("7.0"));
        Assert.Contains("out of range", Fails<byte>("256"));
        Assert.Contains("out of range", Fails<uint>("-1"));
        Assert.Contains("out of range", Fails<long>("1e30"));
    }

    [TestMethod]
    public void Numbers()
    {
        Assert.AreEqual(0.25, Read<double>("0.25"));
        Assert.AreEqual(5.0, Read<double>("5"));
        Assert.AreEqual(1e-300, Read<double>("1e-300"));
        Assert.AreEqual(2.5, Read<double>("\"2.5\""));
        Assert.AreEqual(1.5f, Read<float>("1.5"));
        Assert.AreEqual(0.1m, Read<decimal>("0.1"));
        Assert.Contains("expected a number", Fails<double>("\"fast\""));
        Assert.Contains("expected a number", Fails<double>("{}"));
        Assert.Contains("expected a number", Fails<float>("false"));
    }

    [TestMethod]
    [DataRow("true", true)]
    [DataRow("false", false)]
    [DataRow("\"True\"", true)]
    [DataRow("\"false\"", false)]
    [DataRow("\"1\"", true)]
    [DataRow("\"0\"", false)]
    public void Booleans(string json, bool expected) => Assert.AreEqual(expected, Read<bool>(json));

    [TestMethod]
    [DataRow("1")]
    [DataRow("\"yes\"")]
    [DataRow("null")]
    public void NotABoolean(string json) => Assert.Contains("boolean", Fails<bool>(json));

    [TestMethod]
    public void Strings()
    {
        Assert.AreEqual("a \"b\" c", Read<string>("\"a \\\"b\\\" c\""));
        Assert.AreEqual("", Read<string>("\"\""));
        Assert.AreEqual("5", Read<string>("5"), "a non-string value reads as its JSON text");
        Assert.AreEqual("[1,2]", Read<string>("[1,2]"));
    }

    [TestMethod]
    public void Enums()
    {
        Assert.AreEqual(Color.Green, Read<Color>("\"Green\""));
        Assert.AreEqual(Color.Blue, Read<Color>("\"blue\""));
        Assert.Contains("Red, Green, Blue", Fails<Color>("\"Purple\""));
        Assert.Contains("Red, Green, Blue", Fails<Color>("2"));
        Assert.Contains("Red, Green, Blue", Fails<Color>("\"7\""));
    }

    [TestMethod]
    public void Nullables()
    {
        Assert.IsNull(Read<int?>("null"));
        Assert.AreEqual(3, Read<int?>("3.0"));
        Assert.IsNull(Read<Color?>("null"));
        Assert.AreEqual(Color.Red, Read<Color?>("\"Red\""));
        Assert.IsNull(Read<TrainConfig>("null"));
        Assert.IsNull(Read<List<string>>("null"));
    }

    [TestMethod]
    public void ListsAndDictionaries()
    {
        Assert.AreSequenceEqual(["a", "b"], (List<string>)Read<List<string>>("""["a", "b"]""")!);
        Assert.AreSequenceEqual([1, 2, 3], (List<int>)Read<List<int>>("[1, 2.0, 3]")!);
        Assert.AreSequenceEqual([1, 2], (List<int>)Read<List<int>>("\"[1, 2]\"")!, "older launchers pass LIST as JSON text");
        var dict = (Dictionary<string, int>)Read<Dictionary<string, int>>("""{"a": 1, "b": 2.0}""")!;
        Assert.AreEqual(2, dict["b"]);
        var nested = (Dictionary<string, List<long?>>)Read<Dictionary<string, List<long?>>>("""{"a": [1.0, null]}""")!;
        Assert.AreSequenceEqual([1L, null], nested["a"]);
        Assert.StartsWith("expected JSON for List`1", Fails<List<int>>("[1.5]"));
        Assert.StartsWith("expected JSON for List`1", Fails<List<int>>("""{"a": 1}"""));
        Assert.StartsWith("expected JSON for Dictionary`2", Fails<Dictionary<string, int>>("""{"a": "x"}"""));
        Assert.StartsWith("expected JSON for Dictionary`2", Fails<Dictionary<string, byte>>("""{"a": 300}"""));
        Assert.Contains("got \"[1, \"", Fails<List<int>>("\"[1, \""));
    }

    [TestMethod]
    public void RecordsUseSnakeCaseNames()
    {
        var config = (TrainConfig)Read<TrainConfig>("""{"learning_rate": 0.01, "layers": 3.0, "features": ["a"], "palette": "blue", "extra": {"ignored": true}}""")!;
        Assert.AreEqual(0.01, config.LearningRate);
        Assert.AreEqual(3, config.Layers);
        Assert.AreSequenceEqual(["a"], config.Features);
        Assert.AreEqual(Color.Blue, config.Palette);
        Assert.StartsWith("expected JSON for TrainConfig", Fails<TrainConfig>("""{"learning_rate": "x"}"""));
        Assert.StartsWith("expected JSON for TrainConfig", Fails<TrainConfig>("[]"));
    }
}
