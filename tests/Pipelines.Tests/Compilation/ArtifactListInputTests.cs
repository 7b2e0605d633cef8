namespace Pipelines.Tests.Compilation;

/// <summary>Artifact lists as pipeline inputs: an <c>ArtifactListRef&lt;Model&gt;</c> parameter is KFP's
/// <c>Input[List[Model]]</c> pipeline input (<c>isArtifactList: true</c>), fed by a collected loop output.</summary>
[TestClass]
public sealed class ArtifactListInputTests
{
    [TestMethod]
    public void AListOfArtifactsIsAPipelineInputWithIsArtifactList()
    {
        var spec = PipelineCompiler.Compile(TestRegistrations.Pipelines.Single(p => p.Name == "train-and-ensemble"), TestRegistrations.Executors);

        var nested = Ir.Component(spec, "comp-ensemble-models");
        JsonAssert.AreEqual("""
            {"artifacts": {"models": {"artifactType": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}, "description": "The candidate models.", "isArtifactList": true}},
             "parameters": {"target": {"parameterType": "STRING"}}}
            """, nested["inputDefinitions"]);
        JsonAssert.AreEqual("""
            {"artifacts": {"Output": {"artifactType": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}, "description": "The ensemble of the candidates."}}}
            """, nested["outputDefinitions"], "a pipeline's <returns> describes its output, as KFP's Returns: does");
        JsonAssert.AreEqual("""{"artifacts": {"models": {"componentInputArtifact": "models"}}}""",
            nested["dag"]!["tasks"]!["ensemble"]!["inputs"]);
        JsonAssert.AreEqual("""
            {"artifacts": {"models": {"taskOutputArtifact": {"outputArtifactKey": "pipelinechannel--fit-model", "producerTask": "for-loop-2"}}},
             "parameters": {"target": {"runtimeValue": {"constant": "prod"}}}}
            """, Ir.Root(spec)["ensemble-models"]!["inputs"]);
    }

    [TestMethod]
    public void ARunCannotBeGivenAnArtifactList()
    {
        // The entry point does not register it as a pipeline to run (it takes artifacts); compiling it alone fails.
        Assert.IsFalse(TestRegistrations.Pipelines.Any(p => p.Name == "ensemble-models"));
        var e = Assert.ThrowsExactly<PipelineDefinitionException>(() =>
            PipelineCompiler.Compile(ArtifactListPipelinesTasks.EnsemblePipeline, TestRegistrations.Executors));
        Assert.AreEqual(PipelineErrors.UnknownInput, e.Code);
        Assert.Contains("takes artifact input 'models'", e.Message);
    }
}
