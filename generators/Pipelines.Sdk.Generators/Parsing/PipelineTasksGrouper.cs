using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// Groups <c>[Pipeline]</c> methods into the <c>&lt;Class&gt;Tasks</c> classes their typed task
/// factories go into. A pipeline factory is left out (the pipeline is still generated and traced, it
/// just cannot be used as a task through a factory) when one of its generated names
/// (<c>M</c>, <c>MPipeline</c>, <c>MTask</c>, <c>MOutputs</c>) clashes with a component factory's
/// generated names in the same class, with another pipeline's, or with the class itself.
/// </summary>
internal static class PipelineTasksGrouper
{
    public static EquatableArray<PipelineTasksClassModel> Group(ImmutableArray<ComponentModel> components, ImmutableArray<PipelineModel> pipelines)
    {
        var componentClasses = TasksClassGrouper.Group(components).ToDictionary(static c => (c.Namespace, c.ClassName));
        var classes = new List<PipelineTasksClassModel>();
        var hintNames = HintNames.NewSet();
        var groups = pipelines
            .GroupBy(static p => (p.Namespace, p.TasksClassName))
            .OrderBy(static g => g.Key.Namespace, StringComparer.Ordinal)
            .ThenBy(static g => g.Key.TasksClassName, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            componentClasses.TryGetValue(group.Key, out var componentClass);
            var taken = new HashSet<string>(StringComparer.Ordinal) { group.Key.TasksClassName };
            if (componentClass is not null)
            {
                foreach (var component in componentClass.Components)
                    taken.UnionWith(TasksClassGrouper.GeneratedMemberNames(component));
            }

            var members = WithoutClashes(taken, group.OrderBy(static p => p.MethodName, StringComparer.Ordinal).ThenBy(static p => p.MethodDisplay, StringComparer.Ordinal).ToList());
            if (members.Count == 0) continue;
            var ns = group.Key.Namespace;
            var className = group.Key.TasksClassName;
            var accessibility = componentClass is not null ? null : members.Any(static p => p.TasksClassIsPublic) ? "public" : "internal";
            var hintName = HintNames.Unique(HintNames.Sanitize((ns.Length > 0 ? ns + "." : "") + className) + ".Pipelines.g.cs", hintNames);
            classes.Add(new PipelineTasksClassModel(ns, className, accessibility, hintName, new EquatableArray<PipelineModel>(members)));
        }
        return new EquatableArray<PipelineTasksClassModel>(classes);
    }

    /// <summary>The pipelines that get a factory (and so a shared <c>&lt;Method&gt;Pipeline</c> registration field).</summary>
    public static HashSet<PipelineModel> WithFactories(ImmutableArray<ComponentModel> components, ImmutableArray<PipelineModel> pipelines) =>
        new HashSet<PipelineModel>(Group(components, pipelines).SelectMany(static c => c.Pipelines));

    /// <summary>The names each pipeline adds to its Tasks class.</summary>
    public static IEnumerable<string> GeneratedMemberNames(PipelineModel pipeline)
    {
        yield return pipeline.MethodName;
        yield return pipeline.MethodName + "Pipeline";
        yield return pipeline.MethodName + "Task";
        yield return pipeline.MethodName + "Outputs";
    }

    private static List<PipelineModel> WithoutClashes(HashSet<string> taken, List<PipelineModel> pipelines)
    {
        var owners = new Dictionary<string, int>(StringComparer.Ordinal);
        var clashing = new HashSet<int>();
        for (var i = 0; i < pipelines.Count; i++)
        {
            // A member may not be named like its enclosing type (CS0542): the Tasks class, or the Outputs class for its properties.
            if (GeneratedMemberNames(pipelines[i]).Any(taken.Contains) ||
                pipelines[i].Outputs.Any(o => o.PropertyName == pipelines[i].MethodName + "Outputs"))
            {
                clashing.Add(i);
            }
            foreach (var name in GeneratedMemberNames(pipelines[i]))
            {
                if (owners.TryGetValue(name, out var owner))
                {
                    clashing.Add(owner);
                    clashing.Add(i);
                }
                else
                {
                    owners[name] = i;
                }
            }
        }
        return pipelines.Where((_, i) => !clashing.Contains(i)).ToList();
    }
}
