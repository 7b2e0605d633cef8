using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>
/// A task that imports an existing artifact by URI (KFP's <c>dsl.importer</c>): made by
/// <see cref="PipelineBuilder.Import{T}(Value{string}, IReadOnlyDictionary{string, object?}?, bool, bool)"/>.
/// Pass it (or its <see cref="Output"/>) wherever an <see cref="ArtifactRef{T}"/> is expected.
/// </summary>
public sealed class ImporterTask<T> : PipelineTask where T : Artifact, new()
{
    internal ImporterTask() { }

    /// <summary>The imported artifact (KFP output <c>artifact</c>).</summary>
    public ArtifactRef<T> Output => ArtifactOutput<T>(BuiltInComponents.ImporterOutput);

    public static implicit operator ArtifactRef<T>(ImporterTask<T> task) => task.Output;
}

/// <summary>A task that creates a PersistentVolumeClaim (kfp-kubernetes <c>CreatePVC</c>): made by <see cref="PipelineBuilder.CreatePvc"/>.</summary>
public sealed class CreatePvcTask : PipelineTask
{
    internal CreatePvcTask() { }

    /// <summary>The name of the created claim, for <see cref="KubernetesOptions.WithPvcMount{T}(T, Value{string}, string, string?)"/> and <see cref="PipelineBuilder.DeletePvc"/>.</summary>
    public Value<string> PvcName => ParameterOutput<string>("name");
}

/// <summary>A task that deletes a PersistentVolumeClaim (kfp-kubernetes <c>DeletePVC</c>): made by <see cref="PipelineBuilder.DeletePvc"/>.</summary>
public sealed class DeletePvcTask : PipelineTask
{
    internal DeletePvcTask() { }
}

/// <summary>Specs of the components the runtime provides itself.</summary>
internal static class BuiltInComponents
{
    public const string ImporterOutput = "artifact";
    public const string CreatePvcImage = "argostub/createpvc";
    public const string DeletePvcImage = "argostub/deletepvc";

    /// <summary>KFP's importer component: input <c>uri</c> (plus <c>metadata</c>, <c>metadata-2</c>, … for
    /// dynamic metadata values), output artifact <c>artifact</c>.</summary>
    public static ComponentInfo Importer(string schemaTitle, JsonObject metadataInputs, string schemaVersion = ArtifactSchemaAttribute.DefaultVersion)
    {
        var parameters = new JsonObject { ["uri"] = KfpTypes.Parameter(KfpParameterType.String) };
        foreach (var (name, definition) in metadataInputs) parameters[name] = definition?.DeepClone();
        return new ComponentInfo
        {
            Name = "importer",
            InputDefinitions = new JsonObject { ["parameters"] = parameters },
            OutputDefinitions = new JsonObject
            {
                ["artifacts"] = new JsonObject { [ImporterOutput] = new JsonObject { ["artifactType"] = KfpTypes.ArtifactType(schemaTitle, schemaVersion) } },
            },
        };
    }

    /// <summary>kfp-kubernetes' <c>CreatePVC</c> container component (the backend runs it itself).</summary>
    public static readonly ComponentInfo CreatePvc = ComponentInfo.Parse("""
        {"name":"createpvc",
         "inputDefinitions":{"parameters":{
            "access_modes":{"parameterType":"LIST"},
            "annotations":{"isOptional":true,"parameterType":"STRUCT"},
            "pvc_name":{"isOptional":true,"parameterType":"STRING"},
            "pvc_name_suffix":{"isOptional":true,"parameterType":"STRING"},
            "size":{"parameterType":"STRING"},
            "storage_class_name":{"defaultValue":"","isOptional":true,"parameterType":"STRING"},
            "volume_name":{"isOptional":true,"parameterType":"STRING"}}},
         "outputDefinitions":{"parameters":{"name":{"parameterType":"STRING"}}}}
        """);

    /// <summary>kfp-kubernetes' <c>DeletePVC</c> container component (the backend runs it itself).</summary>
    public static readonly ComponentInfo DeletePvc = ComponentInfo.Parse("""
        {"name":"deletepvc","inputDefinitions":{"parameters":{"pvc_name":{"parameterType":"STRING"}}}}
        """);
}
