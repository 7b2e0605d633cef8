using System.Collections.Generic;
using Pipelines.Contracts;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// A component's spec as compact JSON with ordinally sorted keys: the manifest attribute, the
/// task factory's <c>ComponentInfo</c> and the entry point's registration all embed this text.
/// </summary>
internal static class ComponentJson
{
    private const string SchemaVersion = "0.0.1";

    public static string Write(ComponentModel component)
    {
        var inputArtifacts = new JsonObjectWriter();
        var inputParameters = new JsonObjectWriter();
        var outputArtifacts = new JsonObjectWriter();
        var outputParameters = new JsonObjectWriter();

        foreach (var parameter in component.Parameters)
        {
            switch (parameter.Role)
            {
                case ComponentParameterRole.InputParameter:
                    inputParameters.AddRaw(parameter.KfpName, InputParameter(parameter.ParameterType!, parameter.IsOptional, parameter.DefaultJson, parameter.Description));
                    break;
                case ComponentParameterRole.InputArtifact:
                    var input = Artifact(parameter.SchemaTitle!, parameter.SchemaVersion, parameter.Description);
                    if (parameter.IsOptional) input.AddRaw("isOptional", "true");
                    inputArtifacts.AddRaw(parameter.KfpName, input.ToString());
                    break;
                case ComponentParameterRole.InputArtifactList:
                    var list = Artifact(parameter.SchemaTitle!, parameter.SchemaVersion, parameter.Description).AddRaw("isArtifactList", "true");
                    if (parameter.IsOptional) list.AddRaw("isOptional", "true");
                    inputArtifacts.AddRaw(parameter.KfpName, list.ToString());
                    break;
                case ComponentParameterRole.TaskFinalStatus:
                    inputParameters.AddRaw(parameter.KfpName, InputParameter(KfpParameterType.TaskFinalStatus, isOptional: true, defaultJson: null));
                    break;
                case ComponentParameterRole.TaskConfig:
                    inputParameters.AddRaw(parameter.KfpName, InputParameter(KfpParameterType.TaskConfig, isOptional: true, defaultJson: null));
                    break;
                case ComponentParameterRole.OutputArtifact:
                    outputArtifacts.AddRaw(parameter.KfpName, Artifact(parameter.SchemaTitle!, parameter.SchemaVersion, parameter.Description).ToString());
                    break;
                case ComponentParameterRole.OutputParameter:
                    outputParameters.AddRaw(parameter.KfpName, OutputParameter(parameter.ParameterType!, parameter.Description));
                    break;
            }
        }
        foreach (var output in component.ReturnOutputs)
        {
            outputParameters.AddRaw(output.KfpName, OutputParameter(output.ParameterType, output.Description));
        }

        var json = new JsonObjectWriter()
            .AddString(ManifestKeys.Name, component.KfpName)
            .AddString(ManifestKeys.Method, component.MethodDisplay)
            .AddObjectIfNotEmpty(ManifestKeys.InputDefinitions, new JsonObjectWriter()
                .AddObjectIfNotEmpty("artifacts", inputArtifacts)
                .AddObjectIfNotEmpty("parameters", inputParameters))
            .AddObjectIfNotEmpty(ManifestKeys.OutputDefinitions, new JsonObjectWriter()
                .AddObjectIfNotEmpty("artifacts", outputArtifacts)
                .AddObjectIfNotEmpty("parameters", outputParameters));
        if (component.Description is not null) json.AddString(ManifestKeys.Description, component.Description);
        if (component.ContainerJson is not null) json.AddRaw(ManifestKeys.Container, component.ContainerJson);
        if (component.TaskConfigPassthroughs.Count > 0)
        {
            var entries = new List<string>();
            foreach (var passthrough in component.TaskConfigPassthroughs)
            {
                // Protobuf JSON omits a false applyToTask, as KFP's compiler writes it.
                var entry = new JsonObjectWriter();
                if (passthrough.ApplyToTask) entry.AddRaw("applyToTask", "true");
                entries.Add(entry.AddString("field", passthrough.Field).ToString());
            }
            json.AddRaw(ManifestKeys.TaskConfigPassthroughs, "[" + string.Join(",", entries) + "]");
        }
        return json.ToString();
    }

    /// <summary>An input ParameterSpec: <c>parameterType</c>, and for optional inputs <c>isOptional</c> plus any <c>defaultValue</c>.</summary>
    public static string InputParameter(string parameterType, bool isOptional, string? defaultJson, string? description = null)
    {
        var spec = new JsonObjectWriter().AddString("parameterType", parameterType);
        if (defaultJson is not null) spec.AddRaw("defaultValue", defaultJson);
        if (isOptional || defaultJson is not null) spec.AddRaw("isOptional", "true");
        if (description is not null) spec.AddString("description", description);
        return spec.ToString();
    }

    private static string OutputParameter(string parameterType, string? description)
    {
        var spec = new JsonObjectWriter().AddString("parameterType", parameterType);
        if (description is not null) spec.AddString("description", description);
        return spec.ToString();
    }

    private static JsonObjectWriter Artifact(string schemaTitle, string? schemaVersion, string? description)
    {
        var spec = new JsonObjectWriter().AddRaw("artifactType", new JsonObjectWriter()
            .AddString("schemaTitle", schemaTitle)
            .AddString("schemaVersion", schemaVersion ?? SchemaVersion)
            .ToString());
        if (description is not null) spec.AddString("description", description);
        return spec;
    }
}
