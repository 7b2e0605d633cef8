namespace Pipelines.Sdk.Generators;

/// <summary>A pipeline's manifest entry and root <c>inputDefinitions</c> as compact, key-sorted JSON.</summary>
internal static class PipelineJson
{
    public static string Write(PipelineModel pipeline)
    {
        var json = new JsonObjectWriter().AddString("name", pipeline.KfpName);
        if (pipeline.DisplayName is not null) json.AddString("displayName", pipeline.DisplayName);
        if (pipeline.Description is not null) json.AddString("description", pipeline.Description);
        return json.AddObjectIfNotEmpty("inputDefinitions", InputDefinitionsObject(pipeline)).ToString();
    }

    /// <summary>The root DAG's <c>inputDefinitions</c> (<c>{}</c> when the pipeline has no run parameters or input artifacts).</summary>
    public static string InputDefinitions(PipelineModel pipeline) => InputDefinitionsObject(pipeline).ToString();

    private static JsonObjectWriter InputDefinitionsObject(PipelineModel pipeline)
    {
        var parameters = new JsonObjectWriter();
        var artifacts = new JsonObjectWriter();
        foreach (var parameter in pipeline.Parameters)
        {
            if (parameter.IsBuilder) continue;
            if (parameter.IsArtifact)
            {
                var artifact = new JsonObjectWriter().AddRaw("artifactType", new JsonObjectWriter()
                    .AddString("schemaTitle", parameter.SchemaTitle!)
                    .AddString("schemaVersion", parameter.SchemaVersion ?? "0.0.1")
                    .ToString());
                if (parameter.IsArtifactList) artifact.AddRaw("isArtifactList", "true");
                if (parameter.Description is not null) artifact.AddString("description", parameter.Description);
                artifacts.AddRaw(parameter.KfpName, artifact.ToString());
                continue;
            }
            parameters.AddRaw(parameter.KfpName, ComponentJson.InputParameter(parameter.ParameterType!, parameter.IsOptional, parameter.DefaultJson, parameter.Description));
        }
        return new JsonObjectWriter().AddObjectIfNotEmpty("artifacts", artifacts).AddObjectIfNotEmpty("parameters", parameters);
    }
}
