using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>
/// The generator (Roslyn) and the runtime (reflection) give every C# type the same KFP parameter
/// type: one compiled assembly, each method parameter classified both ways. The rules are one
/// shared source file; this catches the two fact readers drifting apart.
/// </summary>
[TestClass]
public sealed class TypeRuleAgreementTests
{
    private const string Types = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json.Nodes;
        namespace Matrix;
        public enum Color { Red, Green }
        public record Rec(int A, string B);
        public record struct RecStruct(double X);
        public class Empty { public int field; }
        public abstract class AbstractRec { public int A { get; set; } }
        public sealed class Derived : AbstractRec { }
        public class PrivateGetter { public int A { private get; set; } }
        public class OnlyStatic { public static int A { get; set; } }
        public class Indexed { public int this[int i] => i; }
        public class Generic<T> { public T? Value { get; set; } }
        public class Outer { public class Inner { public int A { get; set; } } }
        public interface IShape { int A { get; } }
        public delegate int Compute(int x);
        public ref struct RefLike { public int A { get; set; } }
        public static class Static { }
        public class ListLike : List<int> { }
        public static class Holder
        {
            public static void M(%PARAMETERS%) { }
        }
        """;

    /// <summary>C# type → the KFP parameter type both sides must give it (null: not carried).</summary>
    public static readonly (string Type, string? Kfp)[] Matrix =
    [
        ("string", "STRING"), ("string?", "STRING"), ("bool", "BOOLEAN"), ("char", null),
        ("int", "NUMBER_INTEGER"), ("long", "NUMBER_INTEGER"), ("short", "NUMBER_INTEGER"), ("byte", "NUMBER_INTEGER"),
        ("sbyte", "NUMBER_INTEGER"), ("ushort", "NUMBER_INTEGER"), ("uint", "NUMBER_INTEGER"), ("ulong", null), ("nint", null),
        ("double", "NUMBER_DOUBLE"), ("float", "NUMBER_DOUBLE"), ("decimal", "NUMBER_DOUBLE"),
        ("Color", "STRING"), ("Color?", "STRING"), ("DayOfWeek", "STRING"), ("int?", "NUMBER_INTEGER"), ("double?", "NUMBER_DOUBLE"),
        ("DateTime", null), ("Guid", null), ("TimeSpan", null), ("object", null), ("Uri", null), ("System.IO.Stream", null),
        ("int[]", "LIST"), ("int?[]", "LIST"), ("int[,]", null), ("byte[]", null), ("sbyte[]", "LIST"), ("string[][]", "LIST"), ("object[]", null),
        ("Rec[]", "LIST"), ("List<int>", "LIST"), ("List<int?>", "LIST"), ("List<object>", null), ("IList<string>", "LIST"),
        ("ICollection<double>", "LIST"), ("IEnumerable<bool>", "LIST"), ("IReadOnlyList<Rec>", "LIST"), ("IReadOnlyCollection<int>", "LIST"),
        ("List<List<int>>", "LIST"), ("List<Dictionary<string, int>>", "LIST"), ("HashSet<int>", null), ("ListLike", "STRUCT"),
        ("List<List<List<List<List<List<List<List<int>>>>>>>>", "LIST"),
        ("List<List<List<List<List<List<List<List<List<List<int>>>>>>>>>>", null),
        ("Dictionary<string, int>", "STRUCT"), ("Dictionary<string, int?>", "STRUCT"), ("Dictionary<int, string>", null),
        ("IDictionary<string, List<int>>", "STRUCT"), ("IReadOnlyDictionary<string, Rec>", "STRUCT"), ("Dictionary<string, object>", null),
        ("SortedDictionary<string, int>", null),
        ("Rec", "STRUCT"), ("Rec?", "STRUCT"), ("RecStruct", "STRUCT"), ("RecStruct?", "STRUCT"), ("Empty", null), ("AbstractRec", null),
        ("Derived", "STRUCT"), ("PrivateGetter", null), ("OnlyStatic", null), ("Indexed", null), ("Generic<int>", "STRUCT"),
        ("Generic<object>", "STRUCT"), ("Outer.Inner", "STRUCT"), ("IShape", null), ("Compute", null), ("Func<int>", null), ("RefLike", null),
        ("(int A, string B)", null), ("Tuple<int, string>", null), ("KeyValuePair<string, int>", null),
        ("JsonArray", "LIST"), ("JsonObject", "STRUCT"), ("JsonNode", null),
        ("Pipelines.Dataset", null), ("Pipelines.Artifact", null), ("Pipelines.Value<int>", null), ("Pipelines.Input<Pipelines.Model>", null),
    ];

    /// <summary>The runtime's <c>KfpTypes.ParameterType(Type)</c> (internal to Pipelines.dll).</summary>
    private static readonly MethodInfo RuntimeParameterType =
        typeof(global::Pipelines.PipelineBuilder).Assembly.GetType("Pipelines.KfpTypes")?.GetMethod("ParameterType", [typeof(Type)])
        ?? throw new InvalidOperationException("Pipelines.dll has no KfpTypes.ParameterType(Type)");

    [TestMethod]
    public void RuntimeAndGeneratorGiveEveryTypeTheSameKfpType()
    {
        var parameters = string.Join(", ", Matrix.Select((row, i) => $"{row.Type} p{i}"));
        var compilation = GeneratorRunner.CreateCompilation([Types.Replace("%PARAMETERS%", parameters, StringComparison.Ordinal)]);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.IsEmpty(errors, string.Join("\n", errors));

        var method = compilation.GetTypeByMetadataName("Matrix.Holder")!.GetMembers("M").OfType<IMethodSymbol>().Single();
        var classifier = new KfpTypeClassifier(KnownSymbols.Create(compilation));

        using var image = new MemoryStream();
        Assert.IsTrue(compilation.Emit(image).Success);
        image.Position = 0;
        var context = new AssemblyLoadContext("type-matrix", isCollectible: true);
        try
        {
            var runtimeParameters = context.LoadFromStream(image).GetType("Matrix.Holder")!.GetMethod("M")!.GetParameters();
            var mismatches = new List<string>();
            for (var i = 0; i < Matrix.Length; i++)
            {
                var generator = classifier.ClassifyParameterType(method.Parameters[i].Type)?.ParameterType;
                var runtime = (string?)RuntimeParameterType.Invoke(null, [runtimeParameters[i].ParameterType]);
                if (generator != Matrix[i].Kfp || runtime != Matrix[i].Kfp)
                    mismatches.Add($"{Matrix[i].Type}: expected {Matrix[i].Kfp ?? "none"}, generator {generator ?? "none"}, runtime {runtime ?? "none"}");
            }
            Assert.IsEmpty(mismatches, string.Join("\n", mismatches));
        }
        finally
        {
            context.Unload();
        }
    }
}
