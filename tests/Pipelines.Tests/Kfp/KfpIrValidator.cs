using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipelines.Tests.Kfp;

/// <summary>Options of <see cref="KfpIrValidator"/>.</summary>
public sealed record KfpIrValidatorOptions
{
    public static KfpIrValidatorOptions Default { get; } = new();

    /// <summary>Container executors must follow the Pipelines.Sdk entry-point contract: a non-empty
    /// <c>command</c> and <c>args</c> holding <c>--executor_input {{$}}</c> and
    /// <c>--function_to_execute &lt;name&gt;</c> (docs/kfp-contract.md#executors,
    /// docs/kfp-contract.md#the-entry-point). Turn off for specs with foreign container components.</summary>
    public bool RequireExecutorInputContract { get; init; } = true;
}

/// <summary>
/// A strict validator for a KFP v2 <c>PipelineSpec</c> (document 1 of a compiled pipeline, as
/// JSON), following <c>docs/kfp-contract.md</c>: only known (camelCase) field names at every level, the
/// values the API server and backend accept, and referential consistency (components, executors,
/// producers, DAG inputs and outputs, required inputs), including the control-flow lowering of
/// docs/kfp-contract.md#control-flow: group tasks with conditions (CEL reading only the task's own inputs), iterators, one-of and
/// collected DAG outputs, final-status inputs, importers. The Kubernetes platform document
/// (document 2) is checked by <see cref="ValidatePlatform"/>. Returns one message per problem,
/// each starting with a JSON path; an empty list means the spec is valid.
/// </summary>
/// <remarks>Self-contained (no dependency on the runtime library) so other test projects can link
/// it and call it on YAML parsed into a <see cref="JsonObject"/>. Convert YAML scalars by their
/// YAML 1.2 core-schema type (as the API server's yaml.v3 does): unquoted numbers to JSON numbers,
/// <c>true</c>/<c>false</c> to booleans, everything else (including quoted scalars) to strings.
/// Numeric proto fields also accept numbers written as strings, as protojson does.</remarks>
public static partial class KfpIrValidator
{
    public const string RequiredSchemaVersion = "2.1.0";

    /// <summary>Validates a whole PipelineSpec.</summary>
    public static IReadOnlyList<string> Validate(JsonObject spec, KfpIrValidatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var walker = new Walker(options ?? KfpIrValidatorOptions.Default);
        walker.Run(spec);
        return walker.Errors;
    }

    /// <summary>
    /// Validates a compiled-component file (docs/kfp-contract.md#compiled-component-files): a valid PipelineSpec whose
    /// <c>pipelineInfo.name</c> = <c>name</c> has exactly <c>comp-&lt;name&gt;</c> with executor
    /// <c>exec-&lt;name&gt;</c> (the SDK loader's rule for container components), and a root DAG with
    /// one task <c>&lt;name&gt;</c> that wires every root input through and whose outputs are
    /// the root outputs; the root repeats the component's input and output definitions.
    /// </summary>
    public static IReadOnlyList<string> ValidateCompiledComponent(JsonObject spec, KfpIrValidatorOptions? options = null)
    {
        var errors = Validate(spec, options).ToList();
        if (spec["pipelineInfo"]?["name"] is not JsonValue nameValue || nameValue.GetValueKind() != JsonValueKind.String)
            return errors;
        var name = nameValue.GetValue<string>();
        string compKey = "comp-" + name, execKey = "exec-" + name;
        var components = spec["components"] as JsonObject;
        var executors = spec["deploymentSpec"]?["executors"] as JsonObject;

        if (components?[compKey] is not JsonObject component)
        {
            errors.Add($"$.components: a compiled component needs '{compKey}' (pipelineInfo.name is '{name}')");
            return errors;
        }
        if (components.Count != 1)
            errors.Add($"$.components: a compiled component has exactly one component, found {components.Count}");
        if (component["executorLabel"]?.GetValueKind() != JsonValueKind.String || component["executorLabel"]!.GetValue<string>() != execKey)
            errors.Add($"$.components.{compKey}.executorLabel: must be '{execKey}'");
        if (executors?[execKey] is null)
            errors.Add($"$.deploymentSpec.executors: a compiled component needs '{execKey}'");
        else if (executors.Count != 1)
            errors.Add($"$.deploymentSpec.executors: a compiled component has exactly one executor, found {executors.Count}");

        var root = spec["root"] as JsonObject;
        if (!JsonNode.DeepEquals(root?["inputDefinitions"] ?? new JsonObject(), component["inputDefinitions"] ?? new JsonObject()))
            errors.Add("$.root.inputDefinitions: must repeat the component's inputDefinitions");
        if (!JsonNode.DeepEquals(root?["outputDefinitions"] ?? new JsonObject(), component["outputDefinitions"] ?? new JsonObject()))
            errors.Add("$.root.outputDefinitions: must repeat the component's outputDefinitions");

        var tasks = root?["dag"]?["tasks"] as JsonObject;
        if (tasks is null || tasks.Count != 1 || tasks[name] is not JsonObject task)
        {
            errors.Add($"$.root.dag.tasks: a compiled component has exactly one task '{name}'");
            return errors;
        }
        var taskPath = $"$.root.dag.tasks.{name}";
        if (task["componentRef"]?["name"]?.GetValueKind() != JsonValueKind.String || task["componentRef"]!["name"]!.GetValue<string>() != compKey)
            errors.Add($"{taskPath}.componentRef.name: must be '{compKey}'");
        foreach (var (input, definition) in Map(component["inputDefinitions"]?["parameters"]))
        {
            // KFP's driver fills a TASK_CONFIG input itself; forwarding one is the error TaskInputParameter reports.
            if (StringAt(definition?["parameterType"]) == "TASK_CONFIG") continue;
            if (StringAt(task["inputs"]?["parameters"]?[input]?["componentInputParameter"]) != input)
                errors.Add($"{taskPath}.inputs.parameters.{input}: must be componentInputParameter '{input}'");
        }

        foreach (var (input, _) in Map(component["inputDefinitions"]?["artifacts"]))
        {
            if (StringAt(task["inputs"]?["artifacts"]?[input]?["componentInputArtifact"]) != input)
                errors.Add($"{taskPath}.inputs.artifacts.{input}: must be componentInputArtifact '{input}'");
        }

        foreach (var (output, _) in Map(component["outputDefinitions"]?["parameters"]))
        {
            var selector = root!["dag"]?["outputs"]?["parameters"]?[output]?["valueFromParameter"];
            if (StringAt(selector?["producerSubtask"]) != name || StringAt(selector?["outputParameterKey"]) != output)
                errors.Add($"$.root.dag.outputs.parameters.{output}: must be valueFromParameter {{producerSubtask: {name}, outputParameterKey: {output}}}");
        }
        foreach (var (output, _) in Map(component["outputDefinitions"]?["artifacts"]))
        {
            var selectors = root!["dag"]?["outputs"]?["artifacts"]?[output]?["artifactSelectors"] as JsonArray;
            if (selectors is not [JsonObject s] || StringAt(s["producerSubtask"]) != name || StringAt(s["outputArtifactKey"]) != output)
                errors.Add($"$.root.dag.outputs.artifacts.{output}: must be one artifactSelector {{producerSubtask: {name}, outputArtifactKey: {output}}}");
        }
        return errors;
    }

    private static IEnumerable<KeyValuePair<string, JsonNode?>> Map(JsonNode? node) => node as JsonObject ?? [];

    private static double? NumberOf(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;

    private static string? StringAt(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    // ---- field sets (proto JSON names; docs/kfp-contract.md) ----

    private static readonly string[] TopLevelFields = ["pipelineInfo", "deploymentSpec", "sdkVersion", "schemaVersion", "components", "root", "defaultPipelineRoot"];
    private static readonly string[] PipelineInfoFields = ["name", "displayName", "description"];
    private static readonly string[] ComponentFields = ["inputDefinitions", "outputDefinitions", "dag", "executorLabel", "taskConfigPassthroughs", "singlePlatformSpecs"];
    private static readonly string[] DefinitionsFields = ["artifacts", "parameters"];
    private static readonly string[] InputParameterFields = ["parameterType", "isOptional", "defaultValue", "description", "literals"];
    private static readonly string[] InputArtifactFields = ["artifactType", "isArtifactList", "isOptional", "description"];
    private static readonly string[] OutputParameterFields = ["parameterType", "description"];
    private static readonly string[] OutputArtifactFields = ["artifactType", "isArtifactList", "metadata", "description"];
    private static readonly string[] ArtifactTypeFields = ["schemaTitle", "instanceSchema", "schemaUri", "schemaVersion"];
    private static readonly string[] PassthroughFields = ["field", "applyToTask"];
    private static readonly string[] DagFields = ["tasks", "outputs"];
    private static readonly string[] DagOutputArtifactFields = ["artifactSelectors"];
    private static readonly string[] ArtifactSelectorFields = ["producerSubtask", "outputArtifactKey"];
    private static readonly string[] DagOutputParameterFields = ["valueFromParameter", "valueFromOneof"];
    private static readonly string[] ParameterSelectorFields = ["producerSubtask", "outputParameterKey"];
    private static readonly string[] ParameterSelectorsFields = ["parameterSelectors"];
    private static readonly string[] TaskFields = ["taskInfo", "inputs", "dependentTasks", "cachingOptions", "componentRef", "triggerPolicy", "parameterIterator", "artifactIterator", "retryPolicy", "iteratorPolicy"];
    private static readonly string[] TaskInfoFields = ["name"];
    private static readonly string[] CachingFields = ["enableCache", "cacheKey"];
    private static readonly string[] ComponentRefFields = ["name"];
    private static readonly string[] TriggerPolicyFields = ["condition", "strategy"];
    private static readonly string[] ParameterIteratorFields = ["items", "itemInput"];
    private static readonly string[] ParameterItemsFields = ["raw", "inputParameter"];
    private static readonly string[] IteratorPolicyFields = ["parallelismLimit"];
    private static readonly string[] RetryPolicyFields = ["maxRetryCount", "backoffDuration", "backoffFactor", "backoffMaxDuration"];
    private static readonly string[] TaskInputsFields = ["parameters", "artifacts"];
    private static readonly string[] TaskInputParameterFields = ["componentInputParameter", "taskOutputParameter", "runtimeValue", "taskFinalStatus", "parameterExpressionSelector"];
    private static readonly string[] TaskOutputParameterFields = ["producerTask", "outputParameterKey"];
    private static readonly string[] RuntimeValueFields = ["constant", "runtimeParameter", "constantValue"];
    private static readonly string[] TaskFinalStatusFields = ["producerTask"];
    private static readonly string[] TaskInputArtifactFields = ["taskOutputArtifact", "componentInputArtifact"];
    private static readonly string[] TaskOutputArtifactFields = ["producerTask", "outputArtifactKey"];
    private static readonly string[] DeploymentFields = ["executors"];
    private static readonly string[] ExecutorFields = ["container", "importer", "resolver", "customJob"];
    private static readonly string[] ContainerFields = ["image", "command", "args", "env", "resources", "lifecycle"];
    private static readonly string[] EnvFields = ["name", "value"];
    private static readonly string[] ResourceFields = ["cpuLimit", "memoryLimit", "cpuRequest", "memoryRequest", "resourceCpuLimit", "resourceMemoryLimit", "resourceCpuRequest", "resourceMemoryRequest", "accelerator"];
    private static readonly string[] AcceleratorFields = ["type", "count", "resourceType", "resourceCount"];
    private static readonly string[] LifecycleFields = ["preCacheCheck"];
    private static readonly string[] ExecFields = ["command", "args"];
    private static readonly string[] ImporterFields = ["artifactUri", "typeSchema", "reimport", "metadata", "downloadToWorkspace"];
    private static readonly string[] ImporterUriFields = ["constant", "runtimeParameter"];

    private static readonly HashSet<string> ParameterTypes = ["NUMBER_DOUBLE", "NUMBER_INTEGER", "STRING", "BOOLEAN", "LIST", "STRUCT", "TASK_FINAL_STATUS", "TASK_CONFIG"];
    private static readonly HashSet<string> PassthroughKinds = ["RESOURCES", "ENV", "KUBERNETES_AFFINITY", "KUBERNETES_TOLERATIONS", "KUBERNETES_NODE_SELECTOR", "KUBERNETES_VOLUMES"];
    private static readonly HashSet<string> TriggerStrategies = ["TRIGGER_STRATEGY_UNSPECIFIED", "ALL_UPSTREAM_TASKS_SUCCEEDED", "ALL_UPSTREAM_TASKS_COMPLETED"];

    /// <summary>Inputs the SDK injects into a task without its component declaring them (docs/kfp-contract.md#tasks).</summary>
    private static readonly HashSet<string> InjectedResourceInputs = ["cpu_limit", "cpu_request", "memory_limit", "memory_request", "accelerator_type", "accelerator_count", "base_image"];

    private const long MaxSafeInteger = 9007199254740991; // 2^53 - 1

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,127}$")]
    private static partial Regex PipelineNameRegex();

    /// <summary>Task, component and executor keys: kebab-case DNS-1123 labels as the SDK sanitizes them.</summary>
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabRegex();

    [GeneratedRegex(@"^(system|google)\.[A-Za-z0-9_]+$")]
    private static partial Regex SchemaTitleRegex();

    [GeneratedRegex(@"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")]
    private static partial Regex SemverRegex();

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]{1,9})?s$")]
    private static partial Regex DurationRegex();

    [GeneratedRegex(@"^([0-9]*[.])?[0-9]+m?$")]
    private static partial Regex CpuRegex();

    [GeneratedRegex("^[0-9]+(E|Ei|P|Pi|T|Ti|G|Gi|M|Mi|K|Ki)?$")]
    private static partial Regex MemoryRegex();

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex CountRegex();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvNameRegex();

    [GeneratedRegex(@"\{\{\$\.(inputs|outputs)\.(parameters|artifacts)\['([^']*)'\]")]
    private static partial Regex IoPlaceholderRegex();

    [GeneratedRegex(@"inputs\.parameter_values\['([^']*)'\]")]
    private static partial Regex ConditionInputRegex();

    [GeneratedRegex(@"^\{\{\$\.inputs\.parameters\['[^']+'\]\}\}$")]
    private static partial Regex InputPlaceholderRegex();

    private sealed class Walker(KfpIrValidatorOptions options)
    {
        public List<string> Errors { get; } = [];
        private JsonObject _components = new();
        private JsonObject _executors = new();
        private readonly HashSet<string> _usedComponents = new(StringComparer.Ordinal);
        private readonly HashSet<string> _usedExecutors = new(StringComparer.Ordinal);

        private void Error(string path, string message) => Errors.Add($"{path}: {message}");

        public void Run(JsonObject spec)
        {
            Fields(spec, "$", TopLevelFields);

            if (spec["schemaVersion"] is not { } sv)
                Error("$.schemaVersion", $"is required and must be '{RequiredSchemaVersion}'");
            else if (StringAt(sv) != RequiredSchemaVersion)
                Error("$.schemaVersion", $"must be '{RequiredSchemaVersion}' (the API server rejects anything else), got {Show(sv)}");
            OptionalString(spec, "sdkVersion", "$");
            OptionalString(spec, "defaultPipelineRoot", "$");

            if (Object(spec["pipelineInfo"], "$.pipelineInfo", required: true) is { } info)
            {
                Fields(info, "$.pipelineInfo", PipelineInfoFields);
                var name = RequiredString(info, "name", "$.pipelineInfo");
                if (name is not null && !PipelineNameRegex().IsMatch(name))
                    Error("$.pipelineInfo.name", $"'{name}' does not match ^[a-z0-9][a-z0-9-]{{0,127}}$");
                foreach (var field in new[] { "displayName", "description" })
                {
                    if (OptionalString(info, field, "$.pipelineInfo") is { Length: > 1024 } text)
                        Error($"$.pipelineInfo.{field}", $"is {text.Length} characters long; at most 1024 are allowed");
                }
            }

            if (Object(spec["deploymentSpec"], "$.deploymentSpec", required: false) is { } deployment)
            {
                Fields(deployment, "$.deploymentSpec", DeploymentFields);
                _executors = Object(deployment["executors"], "$.deploymentSpec.executors", required: false) ?? new JsonObject();
                foreach (var (key, executor) in _executors)
                {
                    var path = $"$.deploymentSpec.executors.{key}";
                    CheckKey(key, "exec-", path);
                    Executor(executor, path);
                }
            }

            _components = Object(spec["components"], "$.components", required: false) ?? new JsonObject();
            foreach (var (key, component) in _components)
            {
                var path = $"$.components.{key}";
                CheckKey(key, "comp-", path);
                if (Object(component, path, required: true) is { } c) ComponentShape(c, path, isRoot: false);
            }

            var root = Object(spec["root"], "$.root", required: true);
            if (root is not null)
            {
                ComponentShape(root, "$.root", isRoot: true);
                if (root["dag"] is null) Error("$.root", "must be a DAG (root.dag)");
            }

            // References and DAG wiring.
            foreach (var (key, component) in _components)
                if (component is JsonObject c) ComponentReferences(c, $"$.components.{key}");
            if (root is not null) ComponentReferences(root, "$.root");

            foreach (var (key, _) in _components)
            {
                if (!_usedComponents.Contains(key))
                    Error($"$.components.{key}", "is not referenced by any task");
            }

            foreach (var (key, _) in _executors)
            {
                if (!_usedExecutors.Contains(key))
                    Error($"$.deploymentSpec.executors.{key}", "is not referenced by any component's executorLabel");
            }

            ComponentCycles();
        }

        // ---- generic helpers ----

        private void Fields(JsonObject obj, string path, string[] allowed)
        {
            foreach (var (key, _) in obj)
            {
                if (allowed.Contains(key, StringComparer.Ordinal)) continue;
                var camel = SnakeToCamel(key);
                if (camel != key && allowed.Contains(camel, StringComparer.Ordinal))
                    Error($"{path}.{key}", $"unknown field (write the protobuf JSON name '{camel}')");
                else
                    Error($"{path}.{key}", $"unknown field; allowed here: {string.Join(", ", allowed)}");
            }
        }

        private JsonObject? Object(JsonNode? node, string path, bool required)
        {
            if (node is null)
            {
                if (required) Error(path, "is required");
                return null;
            }
            if (node is JsonObject o) return o;
            Error(path, $"must be an object, got {Show(node)}");
            return null;
        }

        private JsonArray? Array(JsonNode? node, string path)
        {
            if (node is null) return null;
            if (node is JsonArray a) return a;
            Error(path, $"must be a list, got {Show(node)}");
            return null;
        }

        private string? RequiredString(JsonObject obj, string field, string path)
        {
            var node = obj[field];
            if (node is null) { Error($"{path}.{field}", "is required"); return null; }
            var s = StringAt(node);
            if (s is null) { Error($"{path}.{field}", $"must be a string, got {Show(node)}"); return null; }
            if (s.Length == 0) { Error($"{path}.{field}", "must not be empty"); return null; }
            return s;
        }

        private string? OptionalString(JsonObject obj, string field, string path)
        {
            var node = obj[field];
            if (node is null) return null;
            var s = StringAt(node);
            if (s is null) Error($"{path}.{field}", $"must be a string, got {Show(node)}");
            return s;
        }

        private bool? OptionalBool(JsonObject obj, string field, string path)
        {
            var node = obj[field];
            if (node is null) return null;
            if (node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return v.GetValue<bool>();
            Error($"{path}.{field}", $"must be a boolean, got {Show(node)}");
            return null;
        }

        /// <summary>A number field (protojson also accepts numbers written as strings).</summary>
        private double? OptionalNumber(JsonObject obj, string field, string path, bool integer = false, bool nonNegative = false)
        {
            var node = obj[field];
            if (node is null) return null;
            var d = node is JsonValue v
                ? v.GetValueKind() switch
                {
                    JsonValueKind.Number => NumberOf(v),
                    JsonValueKind.String when double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) => p,
                    _ => null,
                }
                : null;
            if (d is null) { Error($"{path}.{field}", $"must be a number, got {Show(node)}"); return null; }
            if (integer && (d != Math.Floor(d.Value) || double.IsInfinity(d.Value))) Error($"{path}.{field}", $"must be an integer, got {Show(node)}");
            if (nonNegative && d < 0) Error($"{path}.{field}", $"must not be negative, got {Show(node)}");
            return d;
        }

        private List<string>? StringList(JsonObject obj, string field, string path)
        {
            if (Array(obj[field], $"{path}.{field}") is not { } array) return null;
            var result = new List<string>();
            for (var i = 0; i < array.Count; i++)
            {
                if (StringAt(array[i]) is { } s) result.Add(s);
                else Error($"{path}.{field}[{i}]", $"must be a string, got {Show(array[i])}");
            }
            return result;
        }

        private void CheckKey(string key, string prefix, string path)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
                Error(path, $"key must start with '{prefix}'");
            if (!KebabRegex().IsMatch(key))
                Error(path, "key must be a kebab-case name (lowercase letters, digits, single '-' between them)");
        }

        private static string Show(JsonNode? node)
        {
            var text = node is null ? "null" : node.ToJsonString();
            return text.Length <= 80 ? text : text[..77] + "...";
        }

        private static string SnakeToCamel(string name)
        {
            if (!name.Contains('_')) return name;
            var parts = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 0 ? name : parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        }

        // ---- components: shape ----

        private void ComponentShape(JsonObject component, string path, bool isRoot)
        {
            Fields(component, path, ComponentFields);
            bool hasDag = component["dag"] is not null, hasExecutor = component["executorLabel"] is not null;
            if (hasDag == hasExecutor)
                Error(path, "needs exactly one of 'dag' and 'executorLabel'");
            if (hasExecutor && !isRoot) OptionalString(component, "executorLabel", path);
            if (hasExecutor && isRoot) Error($"{path}.executorLabel", "the root must be a DAG");

            if (Object(component["inputDefinitions"], $"{path}.inputDefinitions", required: false) is { } inputs)
            {
                Fields(inputs, $"{path}.inputDefinitions", DefinitionsFields);
                foreach (var (name, p) in Object(inputs["parameters"], $"{path}.inputDefinitions.parameters", false) ?? [])
                    InputParameter(p, $"{path}.inputDefinitions.parameters.{name}");
                foreach (var (name, a) in Object(inputs["artifacts"], $"{path}.inputDefinitions.artifacts", false) ?? [])
                {
                    if (Object(a, $"{path}.inputDefinitions.artifacts.{name}", true) is { } artifact)
                    {
                        Fields(artifact, $"{path}.inputDefinitions.artifacts.{name}", InputArtifactFields);
                        ArtifactType(artifact["artifactType"], $"{path}.inputDefinitions.artifacts.{name}.artifactType", required: true);
                        OptionalBool(artifact, "isArtifactList", $"{path}.inputDefinitions.artifacts.{name}");
                        OptionalBool(artifact, "isOptional", $"{path}.inputDefinitions.artifacts.{name}");
                        OptionalString(artifact, "description", $"{path}.inputDefinitions.artifacts.{name}");
                    }
                }
            }
            if (Object(component["outputDefinitions"], $"{path}.outputDefinitions", required: false) is { } outputs)
            {
                Fields(outputs, $"{path}.outputDefinitions", DefinitionsFields);
                foreach (var (name, p) in Object(outputs["parameters"], $"{path}.outputDefinitions.parameters", false) ?? [])
                {
                    if (Object(p, $"{path}.outputDefinitions.parameters.{name}", true) is { } parameter)
                    {
                        Fields(parameter, $"{path}.outputDefinitions.parameters.{name}", OutputParameterFields);
                        ParameterType(parameter, $"{path}.outputDefinitions.parameters.{name}");
                        OptionalString(parameter, "description", $"{path}.outputDefinitions.parameters.{name}");
                    }
                }

                foreach (var (name, a) in Object(outputs["artifacts"], $"{path}.outputDefinitions.artifacts", false) ?? [])
                {
                    if (Object(a, $"{path}.outputDefinitions.artifacts.{name}", true) is { } artifact)
                    {
                        Fields(artifact, $"{path}.outputDefinitions.artifacts.{name}", OutputArtifactFields);
                        ArtifactType(artifact["artifactType"], $"{path}.outputDefinitions.artifacts.{name}.artifactType", required: true);
                        OptionalBool(artifact, "isArtifactList", $"{path}.outputDefinitions.artifacts.{name}");
                        Object(artifact["metadata"], $"{path}.outputDefinitions.artifacts.{name}.metadata", false);
                        OptionalString(artifact, "description", $"{path}.outputDefinitions.artifacts.{name}");
                    }
                }
            }
            // repeated TaskConfigPassthrough {field: TaskConfigPassthroughType enum name (NONE, the proto's zero, is omitted by
            // protobuf JSON, so never written), applyToTask: bool, omitted when false}.
            if (Array(component["taskConfigPassthroughs"], $"{path}.taskConfigPassthroughs") is { } passthroughs)
            {
                for (var i = 0; i < passthroughs.Count; i++)
                {
                    if (Object(passthroughs[i], $"{path}.taskConfigPassthroughs[{i}]", true) is { } pt)
                    {
                        Fields(pt, $"{path}.taskConfigPassthroughs[{i}]", PassthroughFields);
                        if (RequiredString(pt, "field", $"{path}.taskConfigPassthroughs[{i}]") is { } f && !PassthroughKinds.Contains(f))
                            Error($"{path}.taskConfigPassthroughs[{i}].field", $"'{f}' is not one of {string.Join(", ", PassthroughKinds)}");
                        OptionalBool(pt, "applyToTask", $"{path}.taskConfigPassthroughs[{i}]");
                    }
                }
            }

            Array(component["singlePlatformSpecs"], $"{path}.singlePlatformSpecs");
        }

        private void InputParameter(JsonNode? node, string path)
        {
            if (Object(node, path, true) is not { } p) return;
            if (p["type"] is not null)
                Error($"{path}.type", "the deprecated 'type' must not be written; use 'parameterType'");
            Fields(p, path, InputParameterFields.Append("type").ToArray());
            var type = ParameterType(p, path);
            var optional = OptionalBool(p, "isOptional", path);
            OptionalString(p, "description", path);
            if (p.ContainsKey("defaultValue") && type is not null)
            {
                if (type is "TASK_FINAL_STATUS" or "TASK_CONFIG")
                    Error($"{path}.defaultValue", $"a {type} input cannot have a default");
                else if (KindMismatch(p["defaultValue"], type) is { } why)
                    Error($"{path}.defaultValue", $"does not match parameterType {type}: {why}");
            }
            if (type is "TASK_FINAL_STATUS" or "TASK_CONFIG" && optional != true)
                Error($"{path}.isOptional", $"a {type} input must be isOptional: true (the backend fills it)");
            if (Array(p["literals"], $"{path}.literals") is { } literals && type is not null)
            {
                for (var i = 0; i < literals.Count; i++)
                {
                    if (KindMismatch(literals[i], type) is { } why)
                        Error($"{path}.literals[{i}]", $"does not match parameterType {type}: {why}");
                }
            }
        }

        private string? ParameterType(JsonObject p, string path)
        {
            var type = RequiredString(p, "parameterType", path);
            if (type is not null && !ParameterTypes.Contains(type))
            {
                Error($"{path}.parameterType", $"'{type}' is not one of {string.Join(", ", ParameterTypes)}");
                return null;
            }
            return type;
        }

        private void ArtifactType(JsonNode? node, string path, bool required)
        {
            if (Object(node, path, required) is not { } t) return;
            Fields(t, path, ArtifactTypeFields);
            var kinds = new[] { "schemaTitle", "instanceSchema", "schemaUri" }.Count(t.ContainsKey);
            if (kinds != 1)
                Error(path, "needs exactly one of schemaTitle, instanceSchema, schemaUri");
            if (t.ContainsKey("schemaUri"))
                Error($"{path}.schemaUri", "is deprecated; use schemaTitle");
            OptionalString(t, "instanceSchema", path);
            if (OptionalString(t, "schemaTitle", path) is { } title)
            {
                if (!SchemaTitleRegex().IsMatch(title))
                    Error($"{path}.schemaTitle", $"'{title}' must be system.<Type> or google.<Type> (the SDK loads no other namespace)");
                var version = t["schemaVersion"] is null ? null : OptionalString(t, "schemaVersion", path);
                if (version is null || !SemverRegex().IsMatch(version))
                    Error($"{path}.schemaVersion", $"must be a three-part version such as 0.0.1, got {Show(t["schemaVersion"])}");
            }
        }

        /// <summary>Why a google.protobuf.Value does not fit a parameter type, or null when it does.</summary>
        private static string? KindMismatch(JsonNode? value, string type)
        {
            var kind = value?.GetValueKind() ?? JsonValueKind.Null;
            return type switch
            {
                "NUMBER_INTEGER" when kind != JsonValueKind.Number => $"expected an integer, got {Show(value)}",
                "NUMBER_INTEGER" when NumberOf(value) is { } d && (d != Math.Floor(d) || Math.Abs(d) > MaxSafeInteger)
                    => $"expected an integer within ±(2^53-1), got {Show(value)}",
                "NUMBER_DOUBLE" when kind != JsonValueKind.Number => $"expected a number, got {Show(value)}",
                "STRING" when kind != JsonValueKind.String => $"expected a string, got {Show(value)}",
                "BOOLEAN" when kind is not (JsonValueKind.True or JsonValueKind.False) => $"expected a boolean, got {Show(value)}",
                "LIST" when kind != JsonValueKind.Array => $"expected a list, got {Show(value)}",
                "STRUCT" when kind != JsonValueKind.Object => $"expected an object, got {Show(value)}",
                _ => null,
            };
        }

        // ---- components: references and DAGs ----

        private void ComponentReferences(JsonObject component, string path)
        {
            if (StringAt(component["executorLabel"]) is { } label)
            {
                _usedExecutors.Add(label);
                if (_executors[label] is not JsonObject executor)
                {
                    Error($"{path}.executorLabel", $"'{label}' is not an executor in deploymentSpec.executors");
                }
                else
                {
                    Placeholders(component, executor, $"$.deploymentSpec.executors.{label}");
                    if (executor["importer"] is JsonObject importer) ImporterComponent(component, importer, path, $"$.deploymentSpec.executors.{label}.importer");
                }
            }
            if (Object(component["dag"], $"{path}.dag", false) is { } dag)
                Dag(component, dag, $"{path}.dag");
        }

        private void Dag(JsonObject owner, JsonObject dag, string path)
        {
            Fields(dag, path, DagFields);
            var tasks = Object(dag["tasks"], $"{path}.tasks", required: true) ?? new JsonObject();
            if (tasks.Count == 0) Error($"{path}.tasks", "a DAG needs at least one task");
            foreach (var (key, task) in tasks)
            {
                var taskPath = $"{path}.tasks.{key}";
                if (!KebabRegex().IsMatch(key))
                    Error(taskPath, "task key must be a kebab-case name (lowercase letters, digits, single '-' between them)");
                if (Object(task, taskPath, true) is { } t) TaskSpec(owner, tasks, key, t, taskPath);
            }
            TaskCycles(tasks, path);
            DagOutputs(owner, dag, tasks, path);
        }

        private JsonObject? ComponentOf(JsonObject task) =>
            StringAt(task["componentRef"]?["name"]) is { } name ? _components[name] as JsonObject : null;

        private void TaskSpec(JsonObject owner, JsonObject siblings, string key, JsonObject task, string path)
        {
            Fields(task, path, TaskFields);

            if (Object(task["taskInfo"], $"{path}.taskInfo", required: true) is { } info)
            {
                Fields(info, $"{path}.taskInfo", TaskInfoFields);
                RequiredString(info, "name", $"{path}.taskInfo");
            }

            JsonObject? component = null;
            if (Object(task["componentRef"], $"{path}.componentRef", required: true) is { } cref)
            {
                Fields(cref, $"{path}.componentRef", ComponentRefFields);
                if (RequiredString(cref, "name", $"{path}.componentRef") is { } name)
                {
                    _usedComponents.Add(name);
                    component = _components[name] as JsonObject;
                    if (component is null) Error($"{path}.componentRef.name", $"'{name}' is not a component in $.components");
                }
            }

            if (Object(task["cachingOptions"], $"{path}.cachingOptions", false) is { } caching)
            {
                Fields(caching, $"{path}.cachingOptions", CachingFields);
                OptionalBool(caching, "enableCache", $"{path}.cachingOptions");
                OptionalString(caching, "cacheKey", $"{path}.cachingOptions");
            }

            var dependencies = StringList(task, "dependentTasks", path) ?? [];
            for (var i = 0; i < dependencies.Count; i++)
            {
                var d = dependencies[i];
                if (d == key) Error($"{path}.dependentTasks[{i}]", "a task cannot depend on itself");
                else if (siblings[d] is null) Error($"{path}.dependentTasks[{i}]", $"'{d}' is not a task of the same DAG");
                if (dependencies.IndexOf(d) != i) Error($"{path}.dependentTasks[{i}]", $"'{d}' is listed twice");
            }

            var inputs = Object(task["inputs"], $"{path}.inputs", false);
            if (inputs is not null) Fields(inputs, $"{path}.inputs", TaskInputsFields);
            var parameters = Object(inputs?["parameters"], $"{path}.inputs.parameters", false) ?? new JsonObject();
            var artifacts = Object(inputs?["artifacts"], $"{path}.inputs.artifacts", false) ?? new JsonObject();

            foreach (var (name, node) in parameters)
            {
                var p = $"{path}.inputs.parameters.{name}";
                if (Object(node, p, true) is not { } input) continue;
                var declared = component?["inputDefinitions"]?["parameters"]?[name] as JsonObject;
                if (component is not null && declared is null && !name.StartsWith("pipelinechannel--", StringComparison.Ordinal) && !InjectedResourceInputs.Contains(name))
                    Error(p, $"component '{StringAt(task["componentRef"]?["name"])}' has no input parameter '{name}'");
                TaskInputParameter(owner, siblings, key, input, declared, dependencies, InjectedResourceInputs.Contains(name), p);
            }
            // Resources from pipeline values: the driver substitutes the executor's placeholders from the task's inputs.
            if (StringAt(component?["executorLabel"]) is { } label && _executors[label]?["container"]?["resources"] is JsonObject resources)
            {
                foreach (var text in new[] { resources["resourceCpuLimit"], resources["resourceCpuRequest"], resources["resourceMemoryLimit"],
                             resources["resourceMemoryRequest"], resources["accelerator"]?["resourceType"], resources["accelerator"]?["resourceCount"] })
                {
                    if (StringAt(text) is { } t && IoPlaceholderRegex().Match(t) is { Success: true } m && parameters[m.Groups[3].Value] is null)
                        Error($"{path}.inputs.parameters", $"executor '{label}' takes a resource from input '{m.Groups[3].Value}', which the task does not pass");
                }
            }

            foreach (var (name, node) in artifacts)
            {
                var p = $"{path}.inputs.artifacts.{name}";
                if (Object(node, p, true) is not { } input) continue;
                if (component is not null && component["inputDefinitions"]?["artifacts"]?[name] is null)
                    Error(p, $"component '{StringAt(task["componentRef"]?["name"])}' has no input artifact '{name}'");
                TaskInputArtifact(owner, siblings, key, input, dependencies, p);
            }

            string? itemInput = null;
            if (Object(task["parameterIterator"], $"{path}.parameterIterator", false) is { } iterator)
            {
                Fields(iterator, $"{path}.parameterIterator", ParameterIteratorFields);
                itemInput = RequiredString(iterator, "itemInput", $"{path}.parameterIterator");
                if (itemInput is not null && component is not null && component["inputDefinitions"]?["parameters"]?[itemInput] is null)
                    Error($"{path}.parameterIterator.itemInput", $"'{itemInput}' is not an input parameter of the loop component");
                if (Object(iterator["items"], $"{path}.parameterIterator.items", true) is { } items)
                {
                    Fields(items, $"{path}.parameterIterator.items", ParameterItemsFields);
                    if (items.ContainsKey("raw") == items.ContainsKey("inputParameter"))
                        Error($"{path}.parameterIterator.items", "needs exactly one of raw and inputParameter");
                    if (OptionalString(items, "raw", $"{path}.parameterIterator.items") is { } raw)
                    {
                        JsonNode? parsed = null;
                        try { parsed = JsonNode.Parse(raw); } catch (JsonException) { }
                        if (parsed is not JsonArray) Error($"{path}.parameterIterator.items.raw", "must be the JSON text of a list");
                    }
                    if (OptionalString(items, "inputParameter", $"{path}.parameterIterator.items") is { } ip)
                    {
                        if (parameters[ip] is null)
                            Error($"{path}.parameterIterator.items.inputParameter", $"'{ip}' is not one of this task's inputs.parameters");
                        else if (component?["inputDefinitions"]?["parameters"]?[ip]?["parameterType"] is JsonValue listType && StringAt(listType) != "LIST")
                            Error($"{path}.parameterIterator.items.inputParameter", $"'{ip}' is {StringAt(listType)} in the loop component; a loop iterates over a LIST");
                    }
                }
                if (itemInput is not null && parameters[itemInput] is not null)
                    Error($"{path}.inputs.parameters.{itemInput}", "is the loop's itemInput, which the iterator fills: the loop task must not pass it");
                if (component is not null && component["dag"] is null)
                    Error($"{path}.parameterIterator", "only a task of a DAG component (a loop group) can iterate");
            }
            if (task["artifactIterator"] is not null)
                Error($"{path}.artifactIterator", "is rejected by the OSS backend (\"not implemented yet\")");
            if (Object(task["iteratorPolicy"], $"{path}.iteratorPolicy", false) is { } iteratorPolicy)
            {
                Fields(iteratorPolicy, $"{path}.iteratorPolicy", IteratorPolicyFields);
                OptionalNumber(iteratorPolicy, "parallelismLimit", $"{path}.iteratorPolicy", integer: true, nonNegative: true);
                if (task["parameterIterator"] is null) Error($"{path}.iteratorPolicy", "only applies to a task with a parameterIterator");
            }

            if (component is not null)
            {
                foreach (var (name, definition) in Map(component["inputDefinitions"]?["parameters"]))
                {
                    if (IsRequired(definition) && parameters[name] is null && name != itemInput)
                        Error($"{path}.inputs.parameters", $"required input parameter '{name}' of {StringAt(task["componentRef"]?["name"])} is not supplied");
                }

                foreach (var (name, definition) in Map(component["inputDefinitions"]?["artifacts"]))
                {
                    if (IsRequired(definition) && artifacts[name] is null)
                        Error($"{path}.inputs.artifacts", $"required input artifact '{name}' of {StringAt(task["componentRef"]?["name"])} is not supplied");
                }
            }

            if (Object(task["triggerPolicy"], $"{path}.triggerPolicy", false) is { } trigger)
            {
                Fields(trigger, $"{path}.triggerPolicy", TriggerPolicyFields);
                if (OptionalString(trigger, "strategy", $"{path}.triggerPolicy") is { } strategy && !TriggerStrategies.Contains(strategy))
                    Error($"{path}.triggerPolicy.strategy", $"'{strategy}' is not one of {string.Join(", ", TriggerStrategies)}");
                if (OptionalString(trigger, "condition", $"{path}.triggerPolicy") is { } condition)
                {
                    foreach (Match m in ConditionInputRegex().Matches(condition))
                    {
                        if (parameters[m.Groups[1].Value] is null)
                            Error($"{path}.triggerPolicy.condition", $"reads '{m.Groups[1].Value}', which is not one of this task's inputs.parameters");
                    }

                    if (CelProblem(condition) is { } problem)
                        Error($"{path}.triggerPolicy.condition", problem);
                    if (component is not null && component["dag"] is null)
                        Error($"{path}.triggerPolicy.condition", "conditions belong on group (DAG) tasks, as the SDK lowers them");
                }
            }

            var completed = StringAt(task["triggerPolicy"]?["strategy"]) == "ALL_UPSTREAM_TASKS_COMPLETED";
            if (!completed && parameters.Any(p => p.Value?["taskFinalStatus"] is not null))
                Error($"{path}.triggerPolicy", "a task with a taskFinalStatus input must have strategy ALL_UPSTREAM_TASKS_COMPLETED (it runs after its upstream finished, however it finished)");

            if (Object(task["retryPolicy"], $"{path}.retryPolicy", false) is { } retry)
            {
                Fields(retry, $"{path}.retryPolicy", RetryPolicyFields);
                OptionalNumber(retry, "maxRetryCount", $"{path}.retryPolicy", integer: true, nonNegative: true);
                OptionalNumber(retry, "backoffFactor", $"{path}.retryPolicy", nonNegative: true);
                foreach (var field in new[] { "backoffDuration", "backoffMaxDuration" })
                {
                    if (OptionalString(retry, field, $"{path}.retryPolicy") is { } duration && !DurationRegex().IsMatch(duration))
                        Error($"{path}.retryPolicy.{field}", $"'{duration}' is not a google.protobuf.Duration such as '30s'");
                }
            }
        }

        private static bool IsRequired(JsonNode? definition) =>
            !(definition?["isOptional"] is JsonValue o && o.GetValueKind() == JsonValueKind.True) && definition?["defaultValue"] is null;

        private void TaskInputParameter(JsonObject owner, JsonObject siblings, string self, JsonObject input, JsonObject? declared,
            List<string> dependencies, bool injectedResource, string path)
        {
            Fields(input, path, TaskInputParameterFields);
            string[] kinds = ["componentInputParameter", "taskOutputParameter", "runtimeValue", "taskFinalStatus"];
            var count = kinds.Count(input.ContainsKey);
            if (count != 1)
            {
                Error(path, $"needs exactly one of {string.Join(", ", kinds)}, found {count}");
                return;
            }
            OptionalString(input, "parameterExpressionSelector", path);
            var declaredType = StringAt(declared?["parameterType"]);
            // The driver fills a TASK_CONFIG input from the task's own settings and skips any value a task binds to it;
            // KFP's compiler never writes one (the task factory has no argument for it).
            if (declaredType == "TASK_CONFIG")
                Error(path, "feeds a TASK_CONFIG input, which KFP's driver fills in from the task's settings (taskConfigPassthroughs); a task must not bind it");

            if (input.ContainsKey("componentInputParameter"))
            {
                if (RequiredString(input, "componentInputParameter", path) is { } name && owner["inputDefinitions"]?["parameters"]?[name] is null)
                    Error($"{path}.componentInputParameter", $"'{name}' is not an input parameter of the enclosing DAG component");
            }
            else if (input.ContainsKey("taskOutputParameter") && Object(input["taskOutputParameter"], $"{path}.taskOutputParameter", true) is { } output)
            {
                Fields(output, $"{path}.taskOutputParameter", TaskOutputParameterFields);
                var producer = Producer(output, siblings, self, dependencies, injectedResource, $"{path}.taskOutputParameter");
                var outputKey = RequiredString(output, "outputParameterKey", $"{path}.taskOutputParameter");
                if (producer is not null && outputKey is not null && siblings[producer] is JsonObject producerTask && ComponentOf(producerTask) is { } producerComponent
                    && producerComponent["outputDefinitions"]?["parameters"]?[outputKey] is null)
                {
                    Error($"{path}.taskOutputParameter.outputParameterKey", producerComponent["outputDefinitions"]?["artifacts"]?[outputKey] is not null
                        ? $"'{outputKey}' of task '{producer}' is an output artifact, not a parameter"
                        : $"task '{producer}' has no output parameter '{outputKey}'");
                }
            }
            else if (input.ContainsKey("runtimeValue") && Object(input["runtimeValue"], $"{path}.runtimeValue", true) is { } runtime)
            {
                Fields(runtime, $"{path}.runtimeValue", RuntimeValueFields);
                if (runtime.ContainsKey("runtimeParameter"))
                    Error($"{path}.runtimeValue.runtimeParameter", "is not implemented by the OSS driver; use constant or componentInputParameter");
                if (runtime.ContainsKey("constantValue"))
                    Error($"{path}.runtimeValue.constantValue", "is deprecated; use constant");
                if (!runtime.ContainsKey("constant"))
                    Error($"{path}.runtimeValue", "needs 'constant'");
                else if (declaredType is not null && input["parameterExpressionSelector"] is null && KindMismatch(runtime["constant"], declaredType) is { } why)
                    Error($"{path}.runtimeValue.constant", $"does not match parameterType {declaredType}: {why}");
            }
            else if (input.ContainsKey("taskFinalStatus") && Object(input["taskFinalStatus"], $"{path}.taskFinalStatus", true) is { } status)
            {
                Fields(status, $"{path}.taskFinalStatus", TaskFinalStatusFields);
                if (Producer(status, siblings, self, dependencies, false, $"{path}.taskFinalStatus") is { } producer && dependencies.Count > 0 && dependencies[0] != producer)
                    Error($"{path}.taskFinalStatus.producerTask", $"'{producer}' must be dependentTasks[0] (the driver reads the status of the first dependency)");
                if (declaredType is not null && declaredType != "TASK_FINAL_STATUS")
                    Error($"{path}.taskFinalStatus", $"feeds an input of type {declaredType}; only TASK_FINAL_STATUS inputs take a final status");
            }
        }

        private void TaskInputArtifact(JsonObject owner, JsonObject siblings, string self, JsonObject input, List<string> dependencies, string path)
        {
            Fields(input, path, TaskInputArtifactFields);
            var count = TaskInputArtifactFields.Count(input.ContainsKey);
            if (count != 1)
            {
                Error(path, $"needs exactly one of {string.Join(", ", TaskInputArtifactFields)}, found {count}");
                return;
            }
            if (input.ContainsKey("componentInputArtifact"))
            {
                if (RequiredString(input, "componentInputArtifact", path) is { } name && owner["inputDefinitions"]?["artifacts"]?[name] is null)
                    Error($"{path}.componentInputArtifact", $"'{name}' is not an input artifact of the enclosing DAG component");
            }
            else if (input.ContainsKey("taskOutputArtifact") && Object(input["taskOutputArtifact"], $"{path}.taskOutputArtifact", true) is { } output)
            {
                Fields(output, $"{path}.taskOutputArtifact", TaskOutputArtifactFields);
                var producer = Producer(output, siblings, self, dependencies, false, $"{path}.taskOutputArtifact");
                var outputKey = RequiredString(output, "outputArtifactKey", $"{path}.taskOutputArtifact");
                if (producer is not null && outputKey is not null && siblings[producer] is JsonObject producerTask && ComponentOf(producerTask) is { } producerComponent
                    && producerComponent["outputDefinitions"]?["artifacts"]?[outputKey] is null)
                {
                    Error($"{path}.taskOutputArtifact.outputArtifactKey", producerComponent["outputDefinitions"]?["parameters"]?[outputKey] is not null
                        ? $"'{outputKey}' of task '{producer}' is an output parameter, not an artifact"
                        : $"task '{producer}' has no output artifact '{outputKey}'");
                }
            }
        }

        /// <summary>Checks <c>producerTask</c>: a sibling, not the task itself, listed in dependentTasks.</summary>
        private string? Producer(JsonObject reference, JsonObject siblings, string self, List<string> dependencies, bool injectedResource, string path)
        {
            if (RequiredString(reference, "producerTask", path) is not { } producer) return null;
            if (producer == self)
            {
                Error($"{path}.producerTask", "a task cannot consume its own output");
                return null;
            }
            if (siblings[producer] is null)
            {
                Error($"{path}.producerTask", $"'{producer}' is not a task of the same DAG (cross-DAG references need hole punching)");
                return null;
            }
            // The SDK omits producers that feed injected resource inputs from dependentTasks (docs/kfp-contract.md#tasks).
            if (!injectedResource && !dependencies.Contains(producer))
                Error($"{path}.producerTask", $"'{producer}' is not listed in dependentTasks");
            return producer;
        }

        private void TaskCycles(JsonObject tasks, string path)
        {
            var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = visiting, 2 = done
            foreach (var (key, _) in tasks)
            {
                if (Visit(key, []) is { } cycle)
                {
                    Error($"{path}.tasks", $"dependentTasks form a cycle: {string.Join(" -> ", cycle)}");
                    return;
                }
            }

            List<string>? Visit(string key, List<string> trail)
            {
                if (state.GetValueOrDefault(key) == 2) return null;
                if (state.GetValueOrDefault(key) == 1) return [.. trail.SkipWhile(t => t != key), key];
                state[key] = 1;
                trail.Add(key);
                if (tasks[key]?["dependentTasks"] is JsonArray deps)
                {
                    foreach (var d in deps)
                    {
                        if (StringAt(d) is { } dep && tasks[dep] is not null && Visit(dep, trail) is { } cycle)
                            return cycle;
                    }
                }

                trail.RemoveAt(trail.Count - 1);
                state[key] = 2;
                return null;
            }
        }

        private void ComponentCycles()
        {
            var state = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (key, _) in _components)
            {
                if (Visit(key))
                {
                    Error($"$.components.{key}", "DAG components reference each other in a cycle");
                    return;
                }
            }

            bool Visit(string key)
            {
                if (state.GetValueOrDefault(key) == 2) return false;
                if (state.GetValueOrDefault(key) == 1) return true;
                state[key] = 1;
                foreach (var (_, task) in Map(_components[key]?["dag"]?["tasks"]))
                {
                    if (StringAt(task?["componentRef"]?["name"]) is { } child && _components[child] is not null && Visit(child))
                        return true;
                }

                state[key] = 2;
                return false;
            }
        }

        private void DagOutputs(JsonObject owner, JsonObject dag, JsonObject tasks, string path)
        {
            var outputs = Object(dag["outputs"], $"{path}.outputs", false);
            if (outputs is not null) Fields(outputs, $"{path}.outputs", DefinitionsFields);
            var parameterOutputs = Object(outputs?["parameters"], $"{path}.outputs.parameters", false) ?? new JsonObject();
            var artifactOutputs = Object(outputs?["artifacts"], $"{path}.outputs.artifacts", false) ?? new JsonObject();
            var declaredParameters = owner["outputDefinitions"]?["parameters"] as JsonObject ?? new JsonObject();
            var declaredArtifacts = owner["outputDefinitions"]?["artifacts"] as JsonObject ?? new JsonObject();

            foreach (var (name, _) in declaredParameters)
                if (parameterOutputs[name] is null) Error($"{path}.outputs.parameters", $"output parameter '{name}' of outputDefinitions has no dag.outputs entry");
            foreach (var (name, _) in declaredArtifacts)
                if (artifactOutputs[name] is null) Error($"{path}.outputs.artifacts", $"output artifact '{name}' of outputDefinitions has no dag.outputs entry");

            foreach (var (name, node) in parameterOutputs)
            {
                var p = $"{path}.outputs.parameters.{name}";
                if (declaredParameters[name] is null) Error(p, "is not declared in the component's outputDefinitions.parameters");
                if (Object(node, p, true) is not { } output) continue;
                Fields(output, p, DagOutputParameterFields);
                if (output.ContainsKey("valueFromParameter") == output.ContainsKey("valueFromOneof"))
                {
                    Error(p, "needs exactly one of valueFromParameter and valueFromOneof");
                    continue;
                }
                var declaredType = StringAt(declaredParameters[name]?["parameterType"]);
                if (Object(output["valueFromParameter"], $"{p}.valueFromParameter", false) is { } single)
                    ParameterSelector(single, tasks, $"{p}.valueFromParameter", declaredType);
                if (Object(output["valueFromOneof"], $"{p}.valueFromOneof", false) is { } oneof)
                {
                    Fields(oneof, $"{p}.valueFromOneof", ParameterSelectorsFields);
                    var selectors = Array(oneof["parameterSelectors"], $"{p}.valueFromOneof.parameterSelectors");
                    if (selectors is null || selectors.Count == 0) Error($"{p}.valueFromOneof.parameterSelectors", "needs at least one selector");
                    for (var i = 0; i < (selectors?.Count ?? 0); i++)
                    {
                        if (Object(selectors![i], $"{p}.valueFromOneof.parameterSelectors[{i}]", true) is { } s)
                            ParameterSelector(s, tasks, $"{p}.valueFromOneof.parameterSelectors[{i}]", declaredType, oneOf: true);
                    }
                }
            }
            foreach (var (name, node) in artifactOutputs)
            {
                var p = $"{path}.outputs.artifacts.{name}";
                if (declaredArtifacts[name] is null) Error(p, "is not declared in the component's outputDefinitions.artifacts");
                if (Object(node, p, true) is not { } output) continue;
                Fields(output, p, DagOutputArtifactFields);
                var selectors = Array(output["artifactSelectors"], $"{p}.artifactSelectors");
                if (selectors is null || selectors.Count == 0) { Error($"{p}.artifactSelectors", "needs at least one selector"); continue; }
                for (var i = 0; i < selectors.Count; i++)
                {
                    var sp = $"{p}.artifactSelectors[{i}]";
                    if (Object(selectors[i], sp, true) is not { } s) continue;
                    Fields(s, sp, ArtifactSelectorFields);
                    var producer = RequiredString(s, "producerSubtask", sp);
                    var key = RequiredString(s, "outputArtifactKey", sp);
                    if (producer is null || key is null) continue;
                    if (tasks[producer] is not JsonObject producerTask)
                    {
                        Error($"{sp}.producerSubtask", $"'{producer}' is not a task of this DAG");
                    }
                    else if (ComponentOf(producerTask) is { } c)
                    {
                        if (c["outputDefinitions"]?["artifacts"]?[key] is not { } produced)
                        {
                            Error($"{sp}.outputArtifactKey", $"task '{producer}' has no output artifact '{key}'");
                        }
                        else if (StringAt(produced["artifactType"]?["schemaTitle"]) is { } producedTitle
                            && StringAt(declaredArtifacts[name]?["artifactType"]?["schemaTitle"]) is { } declaredTitle
                            && producedTitle != declaredTitle && producedTitle != "system.Artifact" && declaredTitle != "system.Artifact")
                        {
                            Error($"{sp}.outputArtifactKey", $"'{key}' of task '{producer}' is {producedTitle}, but the DAG output is declared {declaredTitle}");
                        }
                    }
                }
            }
        }

        private void ParameterSelector(JsonObject selector, JsonObject tasks, string path, string? declaredType = null, bool oneOf = false)
        {
            Fields(selector, path, ParameterSelectorFields);
            var producer = RequiredString(selector, "producerSubtask", path);
            var key = RequiredString(selector, "outputParameterKey", path);
            if (producer is null || key is null) return;
            if (tasks[producer] is not JsonObject producerTask)
            {
                Error($"{path}.producerSubtask", $"'{producer}' is not a task of this DAG");
            }
            else if (ComponentOf(producerTask) is { } c)
            {
                if (c["outputDefinitions"]?["parameters"]?[key] is not { } produced)
                {
                    Error($"{path}.outputParameterKey", $"task '{producer}' has no output parameter '{key}'");
                }
                else if (declaredType is not null && StringAt(produced["parameterType"]) is { } producedType && producedType != declaredType
                    && !(declaredType == "LIST" && !oneOf)) // a LIST output may collect the iterations of a loop (dsl.Collected)
                {
                    Error($"{path}.outputParameterKey", $"'{key}' of task '{producer}' is {producedType}, but the DAG output is declared {declaredType}");
                }
            }
        }

        // ---- executors ----

        private void Executor(JsonNode? node, string path)
        {
            if (Object(node, path, true) is not { } executor) return;
            Fields(executor, path, ExecutorFields);
            var kinds = ExecutorFields.Count(executor.ContainsKey);
            if (kinds != 1) Error(path, $"needs exactly one of {string.Join(", ", ExecutorFields)}, found {kinds}");
            if (executor.ContainsKey("resolver")) Error($"{path}.resolver", "is not supported by the OSS backend");
            if (executor.ContainsKey("customJob")) Error($"{path}.customJob", "is deprecated and Vertex-only");
            if (Object(executor["container"], $"{path}.container", false) is { } container) Container(container, $"{path}.container");
            if (Object(executor["importer"], $"{path}.importer", false) is { } importer) Importer(importer, $"{path}.importer");
        }

        private void Container(JsonObject container, string path)
        {
            Fields(container, path, ContainerFields);
            var image = RequiredString(container, "image", path);
            var stub = image is not null && image.StartsWith("argostub/", StringComparison.Ordinal);
            var command = StringList(container, "command", path);
            var args = StringList(container, "args", path);
            if (!stub && (command is null || command.Count == 0))
                Error($"{path}.command", "must name the program (the backend never uses the image ENTRYPOINT)");
            if (options.RequireExecutorInputContract && !stub)
            {
                var input = args?.IndexOf("--executor_input") ?? -1;
                if (input < 0 || input + 1 >= args!.Count || args[input + 1] != "{{$}}")
                    Error($"{path}.args", "must contain '--executor_input' followed by '{{$}}'");
                var function = args?.IndexOf("--function_to_execute") ?? -1;
                if (function < 0 || function + 1 >= args!.Count || args[function + 1].Length == 0 || args[function + 1].StartsWith("--", StringComparison.Ordinal))
                    Error($"{path}.args", "must contain '--function_to_execute' followed by the component name");
            }

            if (Array(container["env"], $"{path}.env") is { } env)
            {
                var names = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < env.Count; i++)
                {
                    var p = $"{path}.env[{i}]";
                    if (Object(env[i], p, true) is not { } variable) continue;
                    Fields(variable, p, EnvFields);
                    if (RequiredString(variable, "name", p) is { } name)
                    {
                        if (!EnvNameRegex().IsMatch(name)) Error($"{p}.name", $"'{name}' is not a valid environment variable name");
                        if (!names.Add(name)) Error($"{p}.name", $"'{name}' is set twice");
                    }
                    if (OptionalString(variable, "value", p) is { } value && value.Contains("{{$", StringComparison.Ordinal))
                        Error($"{p}.value", "KFP placeholders are not substituted in env on the backend");
                }
            }

            if (Object(container["resources"], $"{path}.resources", false) is { } resources)
            {
                var p = $"{path}.resources";
                Fields(resources, p, ResourceFields);
                foreach (var field in new[] { "cpuLimit", "cpuRequest", "memoryLimit", "memoryRequest" })
                    OptionalNumber(resources, field, p, nonNegative: true);
                foreach (var field in new[] { "resourceCpuLimit", "resourceCpuRequest" })
                {
                    if (OptionalString(resources, field, p) is { } cpu && !InputPlaceholderRegex().IsMatch(cpu) && !CpuRegex().IsMatch(cpu))
                        Error($"{p}.{field}", $"'{cpu}' is not a CPU quantity (a decimal number with an optional 'm' suffix)");
                }

                foreach (var field in new[] { "resourceMemoryLimit", "resourceMemoryRequest" })
                {
                    if (OptionalString(resources, field, p) is { } memory && !InputPlaceholderRegex().IsMatch(memory) && !MemoryRegex().IsMatch(memory))
                        Error($"{p}.{field}", $"'{memory}' is not a memory quantity (an integer with an optional E/Ei/P/Pi/T/Ti/G/Gi/M/Mi/K/Ki suffix)");
                }

                if (Object(resources["accelerator"], $"{p}.accelerator", false) is { } accelerator)
                {
                    var ap = $"{p}.accelerator";
                    Fields(accelerator, ap, AcceleratorFields);
                    OptionalString(accelerator, "type", ap);
                    OptionalNumber(accelerator, "count", ap, integer: true, nonNegative: true);
                    var type = OptionalString(accelerator, "resourceType", ap);
                    var count = OptionalString(accelerator, "resourceCount", ap);
                    if (count is not null && !InputPlaceholderRegex().IsMatch(count) && !CountRegex().IsMatch(count))
                        Error($"{ap}.resourceCount", $"'{count}' is not a non-negative integer");
                    if ((type is null) != (count is null))
                        Error(ap, "resourceType and resourceCount must be set together (the backend ignores one without the other)");
                }
            }

            if (Object(container["lifecycle"], $"{path}.lifecycle", false) is { } lifecycle)
            {
                Fields(lifecycle, $"{path}.lifecycle", LifecycleFields);
                if (Object(lifecycle["preCacheCheck"], $"{path}.lifecycle.preCacheCheck", false) is { } exec)
                {
                    Fields(exec, $"{path}.lifecycle.preCacheCheck", ExecFields);
                    StringList(exec, "command", $"{path}.lifecycle.preCacheCheck");
                    StringList(exec, "args", $"{path}.lifecycle.preCacheCheck");
                }
            }
        }

        private void Importer(JsonObject importer, string path)
        {
            Fields(importer, path, ImporterFields);
            if (Object(importer["artifactUri"], $"{path}.artifactUri", true) is { } uri)
            {
                Fields(uri, $"{path}.artifactUri", ImporterUriFields);
                if (uri.ContainsKey("constant") == uri.ContainsKey("runtimeParameter"))
                    Error($"{path}.artifactUri", "needs exactly one of constant and runtimeParameter");
                if (uri.ContainsKey("constant") && StringAt(uri["constant"]) is null)
                    Error($"{path}.artifactUri.constant", "must be a string URI");
                OptionalString(uri, "runtimeParameter", $"{path}.artifactUri");
            }
            ArtifactType(importer["typeSchema"], $"{path}.typeSchema", required: true);
            OptionalBool(importer, "reimport", path);
            OptionalBool(importer, "downloadToWorkspace", path);
            Object(importer["metadata"], $"{path}.metadata", false);
        }

        /// <summary>An importer's component has exactly one output artifact, of the imported type, and the
        /// <c>uri</c> input a runtime URI reads (docs/kfp-contract.md#control-flow).</summary>
        private void ImporterComponent(JsonObject component, JsonObject importer, string componentPath, string importerPath)
        {
            var outputs = component["outputDefinitions"]?["artifacts"] as JsonObject;
            if (outputs is not { Count: 1 } || component["outputDefinitions"]?["parameters"] is JsonObject { Count: > 0 })
            {
                Error($"{componentPath}.outputDefinitions", "an importer component has exactly one output, an artifact");
                return;
            }
            var imported = StringAt(importer["typeSchema"]?["schemaTitle"]);
            var declared = StringAt(outputs.First().Value?["artifactType"]?["schemaTitle"]);
            if (imported is not null && declared is not null && imported != declared)
                Error($"{importerPath}.typeSchema.schemaTitle", $"imports {imported}, but the component's output artifact is {declared}");
            if (StringAt(importer["artifactUri"]?["runtimeParameter"]) is { } uri && component["inputDefinitions"]?["parameters"]?[uri] is null)
                Error($"{importerPath}.artifactUri.runtimeParameter", $"'{uri}' is not an input parameter of the importer's component");
            foreach (Match m in IoPlaceholderRegex().Matches(importer["metadata"]?.ToJsonString() ?? ""))
            {
                if (m.Groups[1].Value != "inputs" || m.Groups[2].Value != "parameters" || component["inputDefinitions"]?["parameters"]?[m.Groups[3].Value] is null)
                    Error($"{importerPath}.metadata", $"placeholder names '{m.Groups[3].Value}', which is not an input parameter of the importer's component");
            }
        }

        /// <summary>A cheap CEL lint: balanced parentheses and brackets outside string literals, closed literals, no empty expression.</summary>
        private static string? CelProblem(string condition)
        {
            if (string.IsNullOrWhiteSpace(condition)) return "must not be empty";
            var stack = new Stack<char>();
            char? quote = null;
            for (var i = 0; i < condition.Length; i++)
            {
                var c = condition[i];
                if (quote is { } q)
                {
                    if (c == '\\') i++;
                    else if (c == q) quote = null;
                    continue;
                }
                switch (c)
                {
                    case '\'' or '"': quote = c; break;
                    case '(' or '[': stack.Push(c); break;
                    case ')' when stack.Count == 0 || stack.Pop() != '(':
                    case ']' when stack.Count == 0 || stack.Pop() != '[':
                        return $"has an unbalanced '{c}' at position {i}";
                }
            }
            if (quote is not null) return "has an unclosed string literal";
            return stack.Count > 0 ? $"has an unclosed '{stack.Peek()}'" : null;
        }

        /// <summary>Placeholders in command/args must name an input or output the component declares, of the right kind.</summary>
        private void Placeholders(JsonObject component, JsonObject executor, string path)
        {
            if (executor["container"] is not JsonObject container) return;
            foreach (var field in new[] { "command", "args" })
            {
                if (container[field] is not JsonArray items) continue;
                for (var i = 0; i < items.Count; i++)
                {
                    if (StringAt(items[i]) is not { } item) continue;
                    foreach (Match m in IoPlaceholderRegex().Matches(item))
                    {
                        var side = m.Groups[1].Value == "inputs" ? "inputDefinitions" : "outputDefinitions";
                        string kind = m.Groups[2].Value, name = m.Groups[3].Value;
                        if (component[side]?[kind]?[name] is null)
                            Error($"{path}.container.{field}[{i}]", $"placeholder names {m.Groups[1].Value[..^1]} {kind[..^1]} '{name}', which the component does not declare");
                    }
                }
            }
        }
    }
}
