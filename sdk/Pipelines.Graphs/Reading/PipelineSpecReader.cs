using System.Globalization;
using System.Text.RegularExpressions;
using Pipelines.Graphs.Reading;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipelines.Graphs;

/// <summary>
/// Reads a KFP v2 pipeline spec (the YAML the SDK writes, or the same IR as JSON) into a
/// <see cref="TaskGraph"/>. Each DAG (<c>root.dag</c> and every DAG component a task runs)
/// contributes its tasks: container and importer tasks become nodes, DAG tasks become groups whose
/// members are read from their component. Edges join tasks of one DAG, as the IR does: inputs wired
/// with <c>taskOutputParameter</c>/<c>taskOutputArtifact</c> (labelled with the output key),
/// <c>taskFinalStatus</c>, and <c>dependentTasks</c> that carry nothing (unlabelled).
/// </summary>
public static partial class PipelineSpecReader
{
    /// <summary>Reads the first document of <paramref name="text"/> (a second one, the platform spec, is ignored).</summary>
    /// <exception cref="TaskGraphException">The text is not YAML/JSON, or not a pipeline spec.</exception>
    public static TaskGraph Read(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new TaskGraphException($"not YAML or JSON (line {e.Start.Line}): {e.Message}", e);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode spec)
            throw new TaskGraphException("the document is not a mapping (a KFP PipelineSpec)");
        return new Reader(spec).Read();
    }

    private sealed class Reader(YamlMappingNode spec)
    {
        private readonly YamlMappingNode _components = spec.Map("components") ?? new YamlMappingNode();
        private readonly YamlMappingNode _executors = spec.Map("deploymentSpec").Map("executors") ?? new YamlMappingNode();
        private readonly List<GraphNode> _nodes = [];
        private readonly List<GraphGroup> _groups = [];
        private readonly List<GraphEdge> _edges = [];
        private int _depth;

        public TaskGraph Read()
        {
            var name = spec.Map("pipelineInfo").Str("name")
                ?? throw new TaskGraphException("field 'pipelineInfo.name' is missing");
            var dag = spec.Map("root").Map("dag")
                ?? throw new TaskGraphException("field 'root.dag' is missing (a component file, not a pipeline?)");
            ReadDag(dag, null, "root.dag");
            return new TaskGraph(name,
                new(_nodes.OrderBy(n => n.Id, StringComparer.Ordinal)),
                new(_groups.OrderBy(g => g.Id, StringComparer.Ordinal)),
                new(_edges.OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal)));
        }

        private void ReadDag(YamlMappingNode dag, GraphGroup? parent, string where)
        {
            // A pipeline cannot contain itself, so the depth is bounded by the components; guard anyway.
            if (++_depth > 64) throw new TaskGraphException($"'{where}': DAG components nest more than 64 deep (a cycle?)");
            var prefix = parent is null ? "" : parent.Id + "/";
            var tasks = dag.Map("tasks").Entries().ToList();
            var branchTitles = parent?.Kind == GroupKind.Branches ? BranchTitles(tasks) : null;

            foreach (var (taskName, task) in tasks)
            {
                var id = prefix + taskName;
                var componentKey = task.Map("componentRef").Str("name")
                    ?? throw new TaskGraphException($"field '{where}.tasks.{taskName}.componentRef.name' is missing");
                var component = _components.Map(componentKey)
                    ?? throw new TaskGraphException($"'{where}.tasks.{taskName}' runs component '{componentKey}', which is not in 'components'");
                if (component.Map("dag") is { } inner)
                {
                    var kind = KindOf(taskName, task);
                    var title = branchTitles?.GetValueOrDefault(taskName) ?? Title(kind, task, taskName);
                    var group = new GraphGroup(id, taskName, kind, title, parent?.Id);
                    _groups.Add(group);
                    ReadDag(inner, group, $"components.{componentKey}.dag");
                }
                else
                {
                    var label = task.Map("taskInfo").Str("name") is { Length: > 0 } display ? display : taskName;
                    _nodes.Add(new GraphNode(id, taskName, label, IsImporter(component) ? NodeKind.Importer : NodeKind.Task, parent?.Id));
                }
            }

            var names = tasks.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var (taskName, task) in tasks)
                ReadEdges(prefix, taskName, task, names, where);
            _depth--;
        }

        private void ReadEdges(string prefix, string taskName, YamlNode task, HashSet<string> siblings, string where)
        {
            var data = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            var finalStatus = new SortedSet<string>(StringComparer.Ordinal);
            var inputs = task.Map("inputs");
            foreach (var (_, input) in inputs.Map("parameters").Entries().Concat(inputs.Map("artifacts").Entries()))
            {
                if (input.Map("taskOutputParameter") is { } p)
                    Add(data, Producer(p, taskName, siblings, where), p.Str("outputParameterKey") ?? "");
                else if (input.Map("taskOutputArtifact") is { } a)
                    Add(data, Producer(a, taskName, siblings, where), a.Str("outputArtifactKey") ?? "");
                else if (input.Map("taskFinalStatus") is { } s)
                    finalStatus.Add(Producer(s, taskName, siblings, where));
            }

            var to = prefix + taskName;
            foreach (var (producer, outputs) in data)
                _edges.Add(new GraphEdge(prefix + producer, to, EdgeKind.Data, new(outputs.Select(GroupTitles.StripChannel))));
            foreach (var producer in finalStatus.Where(p => !data.ContainsKey(p)))
                _edges.Add(new GraphEdge(prefix + producer, to, EdgeKind.FinalStatus, EquatableList<string>.Empty));
            foreach (var producer in task.Seq("dependentTasks").Strings().Distinct().Order(StringComparer.Ordinal))
            {
                if (data.ContainsKey(producer) || finalStatus.Contains(producer)) continue;
                if (!siblings.Contains(producer) || producer == taskName)
                    throw new TaskGraphException($"'{where}.tasks.{taskName}.dependentTasks' names '{producer}', which is not another task of that DAG");
                _edges.Add(new GraphEdge(prefix + producer, to, EdgeKind.Order, EquatableList<string>.Empty));
            }
        }

        private static string Producer(YamlMappingNode reference, string taskName, HashSet<string> siblings, string where)
        {
            var producer = reference.Str("producerTask")
                ?? throw new TaskGraphException($"'{where}.tasks.{taskName}.inputs': a task output reference has no 'producerTask'");
            if (!siblings.Contains(producer))
                throw new TaskGraphException($"'{where}.tasks.{taskName}.inputs' reads from '{producer}', which is not a task of that DAG");
            if (producer == taskName)
                throw new TaskGraphException($"'{where}.tasks.{taskName}.inputs' reads the task's own output");
            return producer;
        }

        private static void Add(SortedDictionary<string, SortedSet<string>> data, string producer, string key)
        {
            if (!data.TryGetValue(producer, out var keys)) data[producer] = keys = new SortedSet<string>(StringComparer.Ordinal);
            keys.Add(key);
        }

        private bool IsImporter(YamlMappingNode component) =>
            component.Str("executorLabel") is { } label && _executors.Map(label).Map("importer") is not null;

        private static GroupKind KindOf(string taskName, YamlNode task)
        {
            if (task.Map("parameterIterator") is not null || task.Map("artifactIterator") is not null) return GroupKind.Loop;
            var m = GroupName().Match(taskName);
            if (!m.Success) return GroupKind.Pipeline;
            return m.Groups["kind"].Value switch
            {
                "condition-branches" => GroupKind.Branches,
                "condition" => GroupKind.Condition,
                "for-loop" => GroupKind.Loop,
                _ => GroupKind.ExitHandler,
            };
        }

        private static string Title(GroupKind kind, YamlNode task, string taskName) => kind switch
        {
            GroupKind.Condition => task.Map("triggerPolicy").Str("condition") is { } cel ? $"if {GroupTitles.Condition(cel)}" : "if",
            GroupKind.Branches => "if / else",
            GroupKind.Loop => LoopTitle(task),
            GroupKind.ExitHandler => "exit handler",
            _ => $"pipeline {(task.Map("taskInfo").Str("name") is { Length: > 0 } display ? display : taskName)}",
        };

        private static string LoopTitle(YamlNode task)
        {
            var iterator = task.Map("parameterIterator") ?? task.Map("artifactIterator");
            var items = iterator.Map("items");
            var raw = items.Node("raw")?.Text();
            var input = items.Str("inputParameter") ?? items.Str("inputArtifact");
            var parallelism = int.TryParse(task.Map("iteratorPolicy").Str("parallelismLimit"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
            return GroupTitles.Loop(raw, input, parallelism);
        }

        /// <summary>The conditions of one condition-branches DAG, titled in branch order (by their number).</summary>
        private static Dictionary<string, string> BranchTitles(List<(string Key, YamlNode Value)> tasks)
        {
            var conditions = tasks
                .Where(t => GroupName().Match(t.Key) is { Success: true } m && m.Groups["kind"].Value == "condition")
                .Select(t => (t.Key, Number: int.Parse(GroupName().Match(t.Key).Groups["number"].Value, CultureInfo.InvariantCulture),
                              Cel: t.Value.Map("triggerPolicy").Str("condition") ?? "true"))
                .OrderBy(t => t.Number)
                .ToList();
            var titles = GroupTitles.Branches(conditions.Select(c => c.Cel).ToList());
            return conditions.Select((c, i) => (c.Key, Title: titles[i])).ToDictionary(c => c.Key, c => c.Title, StringComparer.Ordinal);
        }
    }

    [GeneratedRegex(@"^(?<kind>condition-branches|condition|for-loop|exit-handler)-(?<number>[0-9]+)$")]
    private static partial Regex GroupName();
}
