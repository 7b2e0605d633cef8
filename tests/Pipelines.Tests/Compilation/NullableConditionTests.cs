namespace Pipelines.Tests.Compilation;

/// <summary>Comparisons on nullable values: KFP's compiler writes the same CEL for an <c>Optional[int]</c>
/// pipeline parameter as for an <c>int</c> (its type is NUMBER_INTEGER, <c>isOptional</c>), and rejects
/// <c>None</c> as an operand; so does this one.</summary>
[TestClass]
public sealed class NullableConditionTests
{
    [TestMethod]
    public void OptionalParametersAndNullableOutputsCompareAsTheirKfpType()
    {
        var spec = PipelineCompiler.Compile(TestRegistrations.Pipelines.Single(p => p.Name == "nullable-conditions"), TestRegistrations.Executors);

        JsonAssert.AreEqual("""
            {"parameters": {
              "limit": {"isOptional": true, "parameterType": "NUMBER_INTEGER"},
              "ratio": {"defaultValue": 0.5, "isOptional": true, "parameterType": "NUMBER_DOUBLE"}}}
            """, spec["root"]!["inputDefinitions"]);
        Assert.AreEqual(
            "int(inputs.parameter_values['pipelinechannel--limit']) >= 3 && inputs.parameter_values['pipelinechannel--ratio'] < 0.75",
            Ir.Condition(Ir.Root(spec)["condition-1"]!.AsObject()));
        Assert.AreEqual(
            "int(inputs.parameter_values['pipelinechannel--maybe-count-Output']) == 3 || " +
            "int(inputs.parameter_values['pipelinechannel--maybe-count-Output']) > int(inputs.parameter_values['pipelinechannel--limit'])",
            Ir.Condition(Ir.Root(spec)["condition-2"]!.AsObject()));
    }

    [TestMethod]
    public void EveryNullableNumberHasTheOrderingOperators()
    {
        const string inputs = """
            {"parameters": {"i": {"isOptional": true, "parameterType": "NUMBER_INTEGER"}, "l": {"isOptional": true, "parameterType": "NUMBER_INTEGER"},
                            "d": {"isOptional": true, "parameterType": "NUMBER_DOUBLE"}, "f": {"isOptional": true, "parameterType": "NUMBER_DOUBLE"},
                            "m": {"isOptional": true, "parameterType": "NUMBER_DOUBLE"}}}
            """;
        var spec = Ir.Compile("nullable-numbers", p =>
        {
            p.If(p.Parameter<int?>("i") < 1 & p.Parameter<long?>("l") <= 2L & p.Parameter<double?>("d") > 0.5
                 & p.Parameter<float?>("f") >= 1.5f & p.Parameter<decimal?>("m") != 2m, () => FlowTasks.Print("x"));
        }, inputs);
        Assert.AreEqual(
            "int(inputs.parameter_values['pipelinechannel--i']) < 1 && int(inputs.parameter_values['pipelinechannel--l']) <= 2 && " +
            "inputs.parameter_values['pipelinechannel--d'] > 0.5 && inputs.parameter_values['pipelinechannel--f'] >= 1.5 && " +
            "inputs.parameter_values['pipelinechannel--m'] != 2.0",
            Ir.Condition(Ir.Root(spec)["condition-1"]!.AsObject()));
    }

    [TestMethod]
    public void ComparingANullableValueWithNullIsRejectedAsByKfp()
    {
        const string inputs = """{"parameters": {"limit": {"isOptional": true, "parameterType": "NUMBER_INTEGER"}}}""";
        var literal = Ir.Fails("null-literal", p => p.If(p.Parameter<int?>("limit") == null!, () => FlowTasks.Print("x")), inputs);
        Assert.AreEqual(PipelineErrors.InvalidCondition, literal.Code);
        Assert.Contains("cannot compare a Value<Int32?> with null", literal.Message);
        Assert.Contains("NullableConditionTests.cs:", literal.Message, "the message points at the comparison");

        var typedNull = Ir.Fails("typed-null", p => p.If(p.Parameter<int?>("limit") != (int?)null, () => FlowTasks.Print("x")), inputs);
        Assert.AreEqual(PipelineErrors.InvalidCondition, typedNull.Code);
        Assert.Contains("compares with null", typedNull.Message);
    }
}
