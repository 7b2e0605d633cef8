namespace Pipelines.Tests.Compilation;

/// <summary>
/// <c>&lt;param&gt;</c> and <c>&lt;returns&gt;</c> documentation becomes KFP's <c>description</c> fields, as KFP's
/// compiler turns a docstring's <c>Args:</c> into <c>inputDefinitions.…description</c> and its <c>Returns:</c>
/// into <c>outputDefinitions.…description</c> (<c>component_factory.extract_component_interface</c>).
/// </summary>
[TestClass]
public sealed class DescriptionTests
{
    [TestMethod]
    public void ParamAndReturnsDocumentationAreTheDescriptionsOfTheComponentSpec()
    {
        var spec = PipelineCompiler.Compile(TestRegistrations.Pipelines.Single(p => p.Name == "documented-pipeline"), TestRegistrations.Executors);

        // The pipeline's own parameters: root.inputDefinitions, as for a documented @dsl.pipeline function.
        JsonAssert.AreEqual("""
            {"parameters": {
              "comment": {"parameterType": "STRING"},
              "rows": {"defaultValue": 100, "description": "How many rows each training task reads.", "isOptional": true, "parameterType": "NUMBER_INTEGER"}}}
            """, spec["root"]!["inputDefinitions"]);
        JsonAssert.AreEqual("""
            {"inputDefinitions": {"parameters": {"a": {"description": "First.", "parameterType": "NUMBER_INTEGER"}}},
             "outputDefinitions": {"parameters": {"left": {"parameterType": "NUMBER_INTEGER"}, "right": {"parameterType": "NUMBER_INTEGER"}}},
             "executorLabel": "exec-documented-split"}
            """, Ir.Component(spec, "comp-documented-split"), "<returns> is one text: a tuple's elements get none");
    }

    [TestMethod]
    public void EveryKindOfInputAndOutputCarriesItsDescription()
    {
        var spec = Ir.Compile("documented", p => DocumentedTasks.Train(p.Import<Dataset>("s3://b/d.csv")));
        JsonAssert.AreEqual("""
            {"executorLabel": "exec-documented-train",
             "inputDefinitions": {
               "artifacts": {"data": {"artifactType": {"schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"},
                                      "description": "The training data, one row per Dataset record."}},
               "parameters": {
                 "notes": {"defaultValue": "", "isOptional": true, "parameterType": "STRING"},
                 "rows": {"defaultValue": 0, "description": "Rows to read; 0 reads all of them.", "isOptional": true, "parameterType": "NUMBER_INTEGER"}}},
             "outputDefinitions": {
               "artifacts": {"model": {"artifactType": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}, "description": "The trained model."}},
               "parameters": {
                 "Output": {"description": "Accuracy on the held-out rows, between 0 and 1.", "parameterType": "NUMBER_DOUBLE"},
                 "loss": {"description": "Final training loss.", "parameterType": "NUMBER_DOUBLE"}}}}
            """, Ir.Component(spec, "comp-documented-train"));
    }
}
