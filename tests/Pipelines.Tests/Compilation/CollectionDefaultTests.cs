namespace Pipelines.Tests.Compilation;

/// <summary>LIST and STRUCT defaults in the IR: <c>defaultValue: [4, 5]</c>, <c>defaultValue: {A: 1.0, B: 2.0}</c>, as
/// KFP's compiler writes a Python list and dict default, on the pipeline's root and on the component.</summary>
[TestClass]
public sealed class CollectionDefaultTests
{
    [TestMethod]
    public void PipelineAndComponentDefaultsAreWrittenAsJsonValues()
    {
        var compiled = PipelineCompiler.CompileWithPlatform(CollectionDefaultPipelinesTasks.WeighDefaultsPipeline, TestRegistrations.Executors);
        var spec = compiled.PipelineSpec;
        Assert.IsEmpty(Kfp.KfpIrValidator.Validate(spec));

        JsonAssert.AreEqual("""
            {"parameters": {
              "sizes": {"defaultValue": [4, 5], "isOptional": true, "parameterType": "LIST"},
              "weights": {"defaultValue": {"A": 1.0, "B": 2.0}, "isOptional": true, "parameterType": "STRUCT"}}}
            """, spec["root"]!["inputDefinitions"]);
        JsonAssert.AreEqual("""
            {"parameters": {
              "config": {"defaultValue": {"features": ["x"], "layers": 2, "learning_rate": 0.5, "palette": "Blue"}, "isOptional": true, "parameterType": "STRUCT"},
              "sizes": {"defaultValue": [1, 2, 3], "isOptional": true, "parameterType": "LIST"},
              "weights": {"defaultValue": {"a": 1.0, "b": 0.5}, "isOptional": true, "parameterType": "STRUCT"}}}
            """, Ir.Component(spec, "comp-weigh")["inputDefinitions"]);
        JsonAssert.AreEqual("""{"sizes": {"componentInputParameter": "sizes"}, "weights": {"componentInputParameter": "weights"}}""",
            Ir.Root(spec)["weigh"]!["inputs"]!["parameters"]);
    }
}
