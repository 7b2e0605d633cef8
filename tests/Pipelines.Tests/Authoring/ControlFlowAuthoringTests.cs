using System.Reflection;
using Pipelines.Tests.Compilation;

namespace Pipelines.Tests.Authoring;

/// <summary>The typed surface: what compiles and what cannot (checked by reflection where a compile
/// error is the contract), and Value's equality semantics.</summary>
[TestClass]
public sealed class ControlFlowAuthoringTests
{
    [TestMethod]
    public void EqualityOperatorsBuildConditionsAndEqualsStaysReferenceIdentity()
    {
        Value<int> a = 1, b = 1;
        var c = a == b;
        Assert.IsNotNull(c);
        Assert.IsInstanceOfType<Condition>(a != b);
        Assert.IsFalse(a.Equals(b), "Equals is identity, not the constant's value");
        Assert.IsTrue(a.Equals(a));
        var set = new HashSet<Value<int>> { a, b, a };
        Assert.HasCount(2, set);
        Assert.ThrowsExactly<ArgumentNullException>(() => a == (Value<int>)null!);
        Assert.AreEqual("1 == 1", (a == b).ToString());
        Assert.AreEqual("!((1 == 1) && (1 < 1))", (!((a == b) & (a < b))).ToString());
    }

    [TestMethod]
    public void ConditionsDoNotConvertToBool()
    {
        // A C# 'if (accuracy > 0.9)' must not compile: no conversion to bool, no operator true/false.
        var methods = typeof(Condition).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).ToList();
        Assert.DoesNotContain("op_Implicit", methods);
        Assert.DoesNotContain("op_Explicit", methods);
        Assert.DoesNotContain("op_True", methods);
        Assert.DoesNotContain("op_False", methods);
        CollectionAssert.IsSubsetOf(new[] { "op_BitwiseAnd", "op_BitwiseOr", "op_LogicalNot" }, methods);
    }

    [TestMethod]
    public void ArtifactsCannotBeCompared()
    {
        // 'p.If(model == other, …)' does not compile: artifact references have no comparison operators,
        // and reference equality gives a bool, which If does not take.
        foreach (var type in new[] { typeof(ArtifactRef), typeof(ArtifactRef<Model>), typeof(ArtifactListRef<Model>) })
        {
            Assert.IsEmpty(type.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name.StartsWith("op_", StringComparison.Ordinal) && m.Name != "op_Implicit"),
                $"{type.Name} must not define comparison operators");
        }

        Assert.IsFalse(typeof(PipelineBuilder).GetMethods().Any(m => m.Name == "If" && m.GetParameters()[0].ParameterType == typeof(bool)));
    }

    [TestMethod]
    public void OrderingIsDefinedForNumbersAndStringsOnly()
    {
        var ordered = typeof(ValueComparisons).GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Concat(typeof(ValueComparisons).GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.Name == "op_LessThan")
            .Select(m => m.GetParameters()[0].ParameterType)
            .Distinct().ToList();
        CollectionAssert.AreEquivalent(new[]
        {
            typeof(Value<int>), typeof(Value<long>), typeof(Value<double>), typeof(Value<float>), typeof(Value<decimal>), typeof(Value<string>),
            typeof(Value<int?>), typeof(Value<long?>), typeof(Value<double?>), typeof(Value<float?>), typeof(Value<decimal?>),
        }, ordered);
    }

    [TestMethod]
    public void LoopsTakeListsOnly()
    {
        // Every ParallelFor overload iterates over a list type: a loop over a scalar Value<T> does not compile.
        foreach (var method in typeof(PipelineBuilder).GetMethods().Where(m => m.Name == "ParallelFor"))
        {
            var items = method.GetParameters()[0].ParameterType;
            var inner = items.IsGenericType && items.GetGenericTypeDefinition() == typeof(Value<>) ? items.GetGenericArguments()[0] : items;
            Assert.IsTrue(inner.IsArray || inner.GetInterfaces().Append(inner).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)),
                $"{method} iterates over {items}");
        }
    }

    [TestMethod]
    public void FieldNamesFollowTheJsonNamesOfTheItem()
    {
        string? name = null;
        Ir.Compile("fields", p => p.ParallelFor([new Grid("a", [1.0])], g =>
        {
            name = ((LoopItemFieldSource)((IPipelineValue)g.Field(x => x.Rates)).Source).Field;
            FlowTasks.Print(g.Field(x => x.Name));
        }));
        Assert.AreEqual("lr", name, "[JsonPropertyName] wins over snake_case");
    }

    [TestMethod]
    public void ControlFlowOutsideATraceOrOnAnotherBuilderThrows()
    {
        Assert.ThrowsExactly<InvalidOperationException>(() => FlowTasks.Print("x"));
        PipelineBuilder? outer = null;
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => Ir.Compile("other-builder", p =>
        {
            outer = p;
            var inner = new PipelineRegistration("inner", null, null, Ir.NoInputs, _ => outer.If(FlowTasks.FlipCoin().Output == "x", () => FlowTasks.Print("y")));
            PipelineBuilder.Current.AddPipelineTask(new FlowTasks.PrintTask(), inner);
        }));
        Assert.Contains("use the PipelineBuilder parameter of the [Pipeline] method you are in", e.Message);
    }
}
