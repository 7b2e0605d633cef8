using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>The importer (an artifact from a URI) and the Kubernetes volume tasks (create and delete a PVC).</summary>
public sealed partial class PipelineBuilder
{
    /// <summary>
    /// Imports an existing artifact by URI (KFP's <c>dsl.importer</c>): an <c>importer</c> task whose
    /// output is the artifact. <paramref name="uri"/> is a constant (<c>artifactUri.constant</c>) or
    /// a pipeline parameter/task output (<c>artifactUri.runtimeParameter: uri</c>).
    /// </summary>
    /// <param name="metadata">Artifact metadata: JSON-serialisable constants, or <see cref="Value{T}"/>s
    /// (they become inputs <c>metadata</c>, <c>metadata-2</c>, … and placeholders).</param>
    /// <param name="reimport">Register a new artifact even when one with this URI exists.</param>
    /// <param name="downloadToWorkspace">Download the artifact into the run's workspace
    /// (<see cref="UseWorkspace"/>, else PIPE3025), where later tasks read it from the shared volume
    /// instead of object storage (<c>importer.downloadToWorkspace</c>).</param>
    public ImporterTask<T> Import<T>(Value<string> uri, IReadOnlyDictionary<string, object?>? metadata = null, bool reimport = false, bool downloadToWorkspace = false) where T : Artifact, new()
    {
        ArgumentNullException.ThrowIfNull(uri);
        EnsureCurrent();
        var metadataInputs = new JsonObject();
        var metadataSources = new List<(string Name, ValueSource Source)>();
        JsonObject? metadataJson = null;
        if (metadata is not null)
        {
            metadataJson = new JsonObject();
            foreach (var (key, value) in metadata)
            {
                ArgumentException.ThrowIfNullOrEmpty(key, nameof(metadata));
                metadataJson[key] = MetadataValue(value, metadataInputs, metadataSources);
            }
        }
        string title = Artifact.SchemaTitleOf<T>(), version = Artifact.SchemaVersionOf<T>();
        var task = AddTaskCore(new ImporterTask<T>(), BuiltInComponents.Importer(title, metadataInputs, version), TaskKind.Importer);
        task.Importer = new ImporterSettings(title, reimport, metadataJson, downloadToWorkspace, version);
        task.BindParameter("uri", uri);
        foreach (var (name, source) in metadataSources) task.BindSource(name, source);
        return task;
    }

    /// <summary>
    /// Creates a PersistentVolumeClaim for later tasks to mount (kfp-kubernetes <c>CreatePVC</c>; the
    /// backend runs it). Give exactly one of <paramref name="pvcName"/> and <paramref name="pvcNameSuffix"/>
    /// (the claim is then <c>&lt;workflow-name&gt;-&lt;suffix&gt;</c>).
    /// </summary>
    /// <param name="accessModes">E.g. <c>ReadWriteOnce</c>, <c>ReadWriteMany</c>.</param>
    /// <param name="storageClassName">Storage class; null uses the cluster default.</param>
    public CreatePvcTask CreatePvc(Value<string> size, IEnumerable<string> accessModes, Value<string>? pvcName = null, Value<string>? pvcNameSuffix = null,
        Value<string>? storageClassName = null, Value<string>? volumeName = null, IReadOnlyDictionary<string, string>? annotations = null)
    {
        ArgumentNullException.ThrowIfNull(size);
        ArgumentNullException.ThrowIfNull(accessModes);
        var modes = accessModes.ToList();
        if (modes.Count == 0) throw new ArgumentException("Name at least one access mode, e.g. ReadWriteOnce.", nameof(accessModes));
        if ((pvcName is null) == (pvcNameSuffix is null))
            throw new ArgumentException("Give exactly one of pvcName and pvcNameSuffix.", nameof(pvcName));
        EnsureCurrent();
        var task = AddTaskCore(new CreatePvcTask(), BuiltInComponents.CreatePvc, TaskKind.Stub);
        task.StubImage = BuiltInComponents.CreatePvcImage;
        task.BindParameter<List<string>>("access_modes", modes);
        task.BindParameter("size", size);
        task.BindParameter("pvc_name", pvcName);
        task.BindParameter("pvc_name_suffix", pvcNameSuffix);
        task.BindParameter("storage_class_name", storageClassName);
        task.BindParameter("volume_name", volumeName);
        if (annotations is not null) task.BindParameter<Dictionary<string, string>>("annotations", new Dictionary<string, string>(annotations));
        return task;
    }

    /// <summary>Deletes a PersistentVolumeClaim (kfp-kubernetes <c>DeletePVC</c>); order it after the
    /// tasks that mount the claim with <see cref="TaskOptions.After{T}"/>.</summary>
    public DeletePvcTask DeletePvc(Value<string> pvcName)
    {
        ArgumentNullException.ThrowIfNull(pvcName);
        EnsureCurrent();
        var task = AddTaskCore(new DeletePvcTask(), BuiltInComponents.DeletePvc, TaskKind.Stub);
        task.StubImage = BuiltInComponents.DeletePvcImage;
        task.BindParameter("pvc_name", pvcName);
        return task;
    }

    private static JsonNode? MetadataValue(object? value, JsonObject inputs, List<(string Name, ValueSource Source)> sources)
    {
        switch (value)
        {
            case IPipelineValue v when v.Source is ConstantSource c:
                return c.Value?.DeepClone();
            case IPipelineValue v:
                var existing = sources.FirstOrDefault(s => Equals(s.Source, v.Source));
                var name = existing.Name;
                if (name is null)
                {
                    name = "metadata";
                    for (var i = 2; inputs.ContainsKey(name); i++) name = $"metadata-{i}";
                    inputs[name] = KfpTypes.Parameter(KfpTypes.ParameterType(v.ValueType)
                        ?? throw new ArgumentException($"Importer metadata cannot hold a value of type {KfpTypes.NotCarried(v.ValueType)}.", nameof(value)));
                    sources.Add((name, v.Source));
                }
                return $"{{{{$.inputs.parameters['{name}']}}}}";
            case ArtifactRef:
                throw new ArgumentException("Importer metadata cannot hold an artifact.", nameof(value));
            case IReadOnlyDictionary<string, object?> map:
                var obj = new JsonObject();
                foreach (var (k, v) in map) obj[k] = MetadataValue(v, inputs, sources);
                return obj;
            default:
                return KfpJson.ToNode(value);
        }
    }
}
