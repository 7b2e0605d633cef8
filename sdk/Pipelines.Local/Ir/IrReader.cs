using System.Globalization;
using System.Text.Json.Nodes;
using Pipelines.Yaml;
using YamlDotNet.Core;

namespace Pipelines.Local.Ir;

/// <summary>Reads a KFP v2 pipeline YAML (PipelineSpec, optional PlatformSpec as document 2) into
/// the engine's model. Anything that is not KFP IR is <see cref="LocalDiagnostics.NotKfpIr"/>.</summary>
public static class IrReader
{
    public static PipelinePackage Read(string path) => Read(path, out _);

    /// <summary>Reads the pipeline and hands back the text read, for whatever else reads the same YAML (the run's picture).</summary>
    internal static PipelinePackage Read(string path, out string text)
    {
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LocalRunException(LocalDiagnostics.NotKfpIr, $"cannot read '{path}': {e.Message}");
        }
        IReadOnlyList<JsonNode?> documents;
        try
        {
            documents = YamlJson.ParseDocuments(text);
        }
        catch (YamlException e)
        {
            throw new LocalRunException(LocalDiagnostics.NotKfpIr, $"'{path}' is not YAML: {e.Message}");
        }
        return Read(path, documents);
    }

    internal static PipelinePackage Read(string path, IReadOnlyList<JsonNode?> documents)
    {
        var reader = new Reader(path);
        if (documents.Count == 0 || documents[0] is not JsonObject spec || spec["root"] is not JsonObject root || spec["pipelineInfo"] is not JsonObject info)
            throw reader.Error("it is not a KFP v2 pipeline (no pipelineInfo and root; a component YAML cannot run on its own)");
        var name = reader.Text(info, "name", "pipelineInfo");
        var components = new Dictionary<string, ComponentSpec>(StringComparer.Ordinal);
        if (spec["components"] is JsonObject comps)
        {
            foreach (var (key, value) in comps)
                components[key] = reader.Component(key, value as JsonObject ?? throw reader.Error($"components.{key} is not a mapping"));
        }

        var executors = new Dictionary<string, ExecutorSpec>(StringComparer.Ordinal);
        if (spec["deploymentSpec"]?["executors"] is JsonObject execs)
        {
            foreach (var (key, value) in execs)
                executors[key] = reader.Executor(key, value as JsonObject ?? throw reader.Error($"deploymentSpec.executors.{key} is not a mapping"));
        }

        var platform = new Dictionary<string, PlatformSettings>(StringComparer.Ordinal);
        if (documents.Count > 1 && documents[1]?["platforms"]?["kubernetes"]?["deploymentSpec"]?["executors"] is JsonObject platformExecs)
        {
            foreach (var (key, value) in platformExecs)
                if (value is JsonObject o) platform[key] = reader.Platform(o);
        }

        var rootSpec = reader.Component("root", root);
        if (rootSpec.Dag is null) throw reader.Error("root has no dag");
        foreach (var component in components.Values)
        {
            if (component.Dag is null && (component.ExecutorLabel is null || !executors.ContainsKey(component.ExecutorLabel)))
                throw reader.Error($"components.{component.Name}: executor '{component.ExecutorLabel}' is not in deploymentSpec.executors");
        }

        return new PipelinePackage(name, path, rootSpec, components, executors, platform)
        {
            WorkspaceSize = documents.Count > 1 && documents[1]?["platforms"]?["kubernetes"]?["pipelineConfig"]?["workspace"]?["size"] is JsonValue size ? size.ToString() : null,
        };
    }

    private sealed class Reader(string path)
    {
        public LocalRunException Error(string what) => new(LocalDiagnostics.NotKfpIr, $"'{path}' is not KFP IR: {what}");

        public string Text(JsonObject o, string key, string where) =>
            o[key] is JsonValue v && v.TryGetValue(out string? s) ? s : throw Error($"{where}.{key} is missing or not a string");

        private static string? OptText(JsonNode? n) => n is JsonValue v ? v.ToString() : null;

        public ComponentSpec Component(string name, JsonObject o)
        {
            var inputs = InterfaceOf(o["inputDefinitions"] as JsonObject);
            var outputs = InterfaceOf(o["outputDefinitions"] as JsonObject);
            var dag = o["dag"] is JsonObject d ? Dag(name, d) : null;
            var executor = OptText(o["executorLabel"]);
            if (dag is null && executor is null) throw Error($"components.{name} has neither dag nor executorLabel");
            var passthroughs = new List<TaskConfigPassthrough>();
            foreach (var item in o["taskConfigPassthroughs"] as JsonArray ?? [])
            {
                if (item is not JsonObject p) throw Error($"components.{name}.taskConfigPassthroughs holds a non-object");
                passthroughs.Add(new TaskConfigPassthrough(Text(p, "field", $"components.{name}.taskConfigPassthroughs"),
                    p["applyToTask"] is JsonValue a && a.TryGetValue(out bool apply) && apply));
            }
            return new ComponentSpec(name, inputs, outputs, executor, dag) { Passthroughs = passthroughs };
        }

        private static Interface InterfaceOf(JsonObject? o)
        {
            if (o is null) return Interface.Empty;
            var parameters = new Dictionary<string, ParameterDefinition>(StringComparer.Ordinal);
            if (o["parameters"] is JsonObject ps)
            {
                foreach (var (k, v) in ps)
                {
                    parameters[k] = new ParameterDefinition(k, OptText(v?["parameterType"]) ?? "STRING", v?["defaultValue"]?.DeepClone(),
                        v?["isOptional"] is JsonValue opt && opt.TryGetValue(out bool b) && b);
                }
            }

            var artifacts = new Dictionary<string, ArtifactDefinition>(StringComparer.Ordinal);
            if (o["artifacts"] is JsonObject arts)
            {
                foreach (var (k, v) in arts)
                {
                    artifacts[k] = new ArtifactDefinition(k, OptText(v?["artifactType"]?["schemaTitle"]) ?? "system.Artifact",
                        OptText(v?["artifactType"]?["schemaVersion"]), v?["isArtifactList"] is JsonValue l && l.TryGetValue(out bool isList) && isList);
                }
            }

            return new Interface(parameters, artifacts);
        }

        private DagSpec Dag(string component, JsonObject o)
        {
            var tasks = new Dictionary<string, TaskSpec>(StringComparer.Ordinal);
            if (o["tasks"] is JsonObject ts)
            {
                foreach (var (k, v) in ts)
                    tasks[k] = Task(component, k, v as JsonObject ?? throw Error($"{component}.dag.tasks.{k} is not a mapping"));
            }

            var parameters = new Dictionary<string, IReadOnlyList<OutputSelector>>(StringComparer.Ordinal);
            var artifacts = new Dictionary<string, IReadOnlyList<OutputSelector>>(StringComparer.Ordinal);
            if (o["outputs"]?["parameters"] is JsonObject ops)
            {
                foreach (var (k, v) in ops)
                {
                    if (v?["valueFromParameter"] is JsonObject single) parameters[k] = [Selector(single, "outputParameterKey")];
                    else if (v?["valueFromOneof"]?["parameterSelectors"] is JsonArray many)
                        parameters[k] = many.OfType<JsonObject>().Select(s => Selector(s, "outputParameterKey")).ToList();
                }
            }

            if (o["outputs"]?["artifacts"] is JsonObject oas)
            {
                foreach (var (k, v) in oas)
                {
                    if (v?["artifactSelectors"] is JsonArray many)
                        artifacts[k] = many.OfType<JsonObject>().Select(s => Selector(s, "outputArtifactKey")).ToList();
                }
            }

            foreach (var t in tasks.Values)
            {
                foreach (var up in t.Upstream())
                    if (!tasks.ContainsKey(up)) throw Error($"{component}: task '{t.Name}' depends on '{up}', which is not a task of the same DAG");
            }

            return new DagSpec(tasks, new DagOutputs(parameters, artifacts));
        }

        private OutputSelector Selector(JsonObject s, string keyName) => new(Text(s, "producerSubtask", "selector"), Text(s, keyName, "selector"));

        private TaskSpec Task(string component, string name, JsonObject o)
        {
            var where = $"{component}.dag.tasks.{name}";
            var componentRef = o["componentRef"] is JsonObject cr ? Text(cr, "name", where + ".componentRef") : throw Error($"{where} has no componentRef");
            var deps = (o["dependentTasks"] as JsonArray)?.Select(OptText).OfType<string>().ToList() ?? [];
            var parameters = new Dictionary<string, ParameterSource>(StringComparer.Ordinal);
            if (o["inputs"]?["parameters"] is JsonObject ps)
            {
                foreach (var (k, v) in ps)
                    parameters[k] = ParameterSourceOf($"{where}.inputs.parameters.{k}", v as JsonObject ?? new JsonObject());
            }

            var artifacts = new Dictionary<string, ArtifactSource>(StringComparer.Ordinal);
            if (o["inputs"]?["artifacts"] is JsonObject arts)
            {
                foreach (var (k, v) in arts)
                {
                    artifacts[k] = v switch
                    {
                        JsonObject a when OptText(a["componentInputArtifact"]) is { } n => new ArtifactSource.FromComponentInput(n),
                        JsonObject { } a when a["taskOutputArtifact"] is JsonObject t => new ArtifactSource.FromTaskOutput(Text(t, "producerTask", where), Text(t, "outputArtifactKey", where)),
                        _ => throw Error($"{where}.inputs.artifacts.{k}: unsupported artifact source"),
                    };
                }
            }

            var condition = OptText(o["triggerPolicy"]?["condition"]);
            var afterFailure = OptText(o["triggerPolicy"]?["strategy"]) == "ALL_UPSTREAM_TASKS_COMPLETED";
            IteratorSpec? iterator = null;
            var limit = o["iteratorPolicy"]?["parallelismLimit"] is JsonValue pl && pl.TryGetValue(out long l) ? (int)l : 0;
            if (o["parameterIterator"] is JsonObject pi)
            {
                var items = pi["items"] as JsonObject ?? throw Error($"{where}.parameterIterator has no items");
                JsonArray? raw = null;
                if (items["raw"] is JsonNode rawNode)
                    raw = ParseRawList(rawNode, where);
                iterator = new IteratorSpec(Text(pi, "itemInput", where + ".parameterIterator"), false, raw, OptText(items["inputParameter"]), limit);
                if (raw is null && iterator.InputName is null) throw Error($"{where}.parameterIterator.items has neither raw nor inputParameter");
            }
            else if (o["artifactIterator"] is JsonObject ai)
            {
                iterator = new IteratorSpec(Text(ai, "itemInput", where + ".artifactIterator"), true, null, OptText(ai["items"]?["inputArtifact"]), limit);
            }

            var caching = o["cachingOptions"] as JsonObject;
            var cache = caching?["enableCache"] is JsonValue ec && ec.TryGetValue(out bool e) && e;
            RetryPolicy? retry = null;
            if (o["retryPolicy"] is JsonObject rp)
            {
                retry = new RetryPolicy(
                    rp["maxRetryCount"] is JsonValue m && m.TryGetValue(out long mc) ? (int)mc : 0,
                    Duration(rp["backoffDuration"]) ?? TimeSpan.Zero,
                    rp["backoffFactor"] is JsonValue f && double.TryParse(f.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) ? factor : 2,
                    Duration(rp["backoffMaxDuration"]) ?? TimeSpan.FromHours(1));
            }

            var display = OptText(o["taskInfo"]?["name"]) ?? name;
            return new TaskSpec(name, display, componentRef, deps, parameters, artifacts, condition, afterFailure, iterator, cache, OptText(caching?["cacheKey"]), retry);
        }

        private JsonArray ParseRawList(JsonNode rawNode, string where)
        {
            if (rawNode is JsonArray a) return a;
            try
            {
                return JsonNode.Parse(rawNode.ToString()) as JsonArray ?? throw Error($"{where}.parameterIterator.items.raw is not a JSON list");
            }
            catch (System.Text.Json.JsonException)
            {
                throw Error($"{where}.parameterIterator.items.raw is not a JSON list");
            }
        }

        private ParameterSource ParameterSourceOf(string where, JsonObject v)
        {
            ParameterSource source;
            if (OptText(v["componentInputParameter"]) is { } c) source = new ParameterSource.FromComponentInput(c);
            else if (v["taskOutputParameter"] is JsonObject t) source = new ParameterSource.FromTaskOutput(Text(t, "producerTask", where), Text(t, "outputParameterKey", where));
            else if (v["runtimeValue"] is JsonObject rv) source = new ParameterSource.Constant(rv["constant"]?.DeepClone() ?? rv["constantValue"]?["stringValue"]?.DeepClone());
            else if (v["taskFinalStatus"] is JsonObject fs) source = new ParameterSource.TaskFinalStatus(Text(fs, "producerTask", where));
            else throw Error($"{where}: unsupported parameter source");
            return source with { Selector = OptText(v["parameterExpressionSelector"]) };
        }

        public ExecutorSpec Executor(string label, JsonObject o)
        {
            if (o["container"] is JsonObject c)
            {
                var env = new List<KeyValuePair<string, string>>();
                if (c["env"] is JsonArray e)
                {
                    foreach (var item in e.OfType<JsonObject>())
                        env.Add(KeyValuePair.Create(OptText(item["name"]) ?? "", OptText(item["value"]) ?? ""));
                }

                var r = c["resources"] as JsonObject;
                var cpu = OptText(r?["resourceCpuLimit"]) ?? OptText(r?["cpuLimit"]);
                var memory = OptText(r?["resourceMemoryLimit"]) ?? (r?["memoryLimit"] is JsonValue gb && gb.TryGetValue(out double g) ? ((long)(g * 1e9)).ToString(CultureInfo.InvariantCulture) : null);
                var accelerator = r?["accelerator"] as JsonObject;
                var count = accelerator?["resourceCount"] is JsonValue rc && int.TryParse(rc.ToString(), out var n) ? n
                    : accelerator?["count"] is JsonValue ac && ac.TryGetValue(out long cnt) ? (int)cnt : 0;
                return new ContainerExecutor(label, Text(c, "image", $"deploymentSpec.executors.{label}.container"),
                    (c["command"] as JsonArray)?.Select(x => x?.DeepClone()).ToList() ?? [],
                    (c["args"] as JsonArray)?.Select(x => x?.DeepClone()).ToList() ?? [],
                    env, cpu, memory, OptText(accelerator?["resourceType"]) ?? OptText(accelerator?["type"]), count)
                {
                    AcceleratorCountPlaceholder = OptText(accelerator?["resourceCount"]) is { } text && text.Contains("{{$", StringComparison.Ordinal) ? text : null,
                };
            }
            if (o["importer"] is JsonObject i)
            {
                var uri = i["artifactUri"] as JsonObject;
                var constant = OptText(uri?["constant"]) ?? OptText(uri?["constantValue"]?["stringValue"]);
                var parameter = OptText(uri?["runtimeParameter"]);
                if (constant is null && parameter is null) throw Error($"deploymentSpec.executors.{label}.importer has no artifactUri");
                return new ImporterExecutor(label, constant, parameter, OptText(i["typeSchema"]?["schemaTitle"]) ?? "system.Artifact",
                    OptText(i["typeSchema"]?["schemaVersion"]), i["metadata"] as JsonObject is { } md ? (JsonObject)md.DeepClone() : new JsonObject());
            }
            throw Error($"deploymentSpec.executors.{label} is neither a container nor an importer");
        }

        public PlatformSettings Platform(JsonObject o)
        {
            var secrets = new List<KeyedMount>();
            var configMaps = new List<KeyedMount>();
            var dirs = new List<DirectoryMount>();
            var notHonoured = new List<string>();
            foreach (var s in (o["secretAsEnv"] as JsonArray)?.OfType<JsonObject>() ?? [])
                secrets.Add(new KeyedMount("secret", NameOf(s, "secretName"), KeyToEnv(s, "secretKey"), null, IsTrue(s["optional"])));
            foreach (var s in (o["secretAsVolume"] as JsonArray)?.OfType<JsonObject>() ?? [])
                secrets.Add(new KeyedMount("secret", NameOf(s, "secretName"), [], OptText(s["mountPath"]), IsTrue(s["optional"])));
            foreach (var s in (o["configMapAsEnv"] as JsonArray)?.OfType<JsonObject>() ?? [])
                configMaps.Add(new KeyedMount("config map", NameOf(s, "configMapName"), KeyToEnv(s, "configMapKey"), null, IsTrue(s["optional"])));
            foreach (var s in (o["configMapAsVolume"] as JsonArray)?.OfType<JsonObject>() ?? [])
                configMaps.Add(new KeyedMount("config map", NameOf(s, "configMapName"), [], OptText(s["mountPath"]), IsTrue(s["optional"])));
            foreach (var s in (o["pvcMount"] as JsonArray)?.OfType<JsonObject>() ?? [])
                dirs.Add(new DirectoryMount("pvc", PvcName(s), OptText(s["mountPath"]) ?? ""));
            foreach (var s in (o["emptyDirMounts"] as JsonArray)?.OfType<JsonObject>() ?? [])
                dirs.Add(new DirectoryMount("emptyDir", new NameSource(OptText(s["volumeName"]), null, null, null), OptText(s["mountPath"]) ?? ""));
            // A generic ephemeral volume lives and dies with its pod, as an empty dir does: locally both are a fresh task directory.
            foreach (var s in (o["genericEphemeralVolume"] as JsonArray)?.OfType<JsonObject>() ?? [])
                dirs.Add(new DirectoryMount("ephemeral", new NameSource(OptText(s["volumeName"]), null, null, null), OptText(s["mountPath"]) ?? ""));
            TimeSpan? timeout = o["activeDeadlineSeconds"] is JsonValue ads && long.TryParse(ads.ToString(), out var secs) ? TimeSpan.FromSeconds(secs) : null;
            foreach (var key in new[] { "nodeSelector", "tolerations", "nodeAffinity", "podAffinity", "imagePullSecret", "imagePullPolicy", "podMetadata", "fieldPathAsEnv",
                         "enabledSharedMemory", "securityContext", "initContainers", "podResourceClaims" })
            {
                if (o[key] is not null) notHonoured.Add(key);
            }

            return new PlatformSettings(secrets, configMaps, dirs, timeout, notHonoured);
        }

        private static bool IsTrue(JsonNode? n) => n is JsonValue v && v.TryGetValue(out bool b) && b;

        private static List<KeyValuePair<string, string>> KeyToEnv(JsonObject s, string keyName) =>
            (s["keyToEnv"] as JsonArray)?.OfType<JsonObject>().Select(k => KeyValuePair.Create(OptText(k[keyName]) ?? "", OptText(k["envVar"]) ?? "")).ToList() ?? [];

        private static NameSource NameOf(JsonObject s, string plain)
        {
            var nameParameter = plain + "Parameter";
            if (s[nameParameter] is JsonObject p)
            {
                if (p["runtimeValue"]?["constant"] is JsonNode c) return new NameSource(c.ToString(), null, null, null);
                if (OptText(p["componentInputParameter"]) is { } ci) return new NameSource(null, ci, null, null);
                if (p["taskOutputParameter"] is JsonObject t) return new NameSource(null, null, OptText(t["producerTask"]), OptText(t["outputParameterKey"]));
            }
            return new NameSource(OptText(s[plain]), null, null, null);
        }

        private static NameSource PvcName(JsonObject s)
        {
            var fromParameter = s["pvcNameParameter"] is JsonObject ? NameOf(s, "pvcName") : null;
            if (fromParameter is { } n && (n.Constant ?? n.ComponentInput ?? n.Producer) is not null) return n;
            if (OptText(s["constant"]) is { } c) return new NameSource(c, null, null, null);
            if (OptText(s["componentInputParameter"]) is { } ci) return new NameSource(null, ci, null, null);
            if (s["taskOutputParameter"] is JsonObject t) return new NameSource(null, null, OptText(t["producerTask"]), OptText(t["outputParameterKey"]));
            return new NameSource(null, null, null, null);
        }

        private static TimeSpan? Duration(JsonNode? n)
        {
            if (n is null) return null;
            var s = n.ToString().Trim();
            if (s.EndsWith('s') && double.TryParse(s[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var secs)) return TimeSpan.FromSeconds(secs);
            return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) ? TimeSpan.FromSeconds(plain) : null;
        }
    }
}
