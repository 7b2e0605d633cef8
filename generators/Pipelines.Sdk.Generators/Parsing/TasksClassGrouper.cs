using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// Groups components into the <c>&lt;Class&gt;Tasks</c> classes they generate, in ordinal order.
/// Components whose generated member names would clash (overloads, or <c>Foo</c> next to
/// <c>FooTask</c>) are left out: the analyzer reports the duplicate KFP name.
/// </summary>
internal static class TasksClassGrouper
{
    public static EquatableArray<TasksClassModel> Group(ImmutableArray<ComponentModel> components)
    {
        var classes = new List<TasksClassModel>();
        var hintNames = HintNames.NewSet();
        var groups = components
            .GroupBy(static c => (c.Namespace, c.TasksClassName))
            .OrderBy(static g => g.Key.Namespace, StringComparer.Ordinal)
            .ThenBy(static g => g.Key.TasksClassName, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var members = WithoutClashes(group.Key.TasksClassName, group.OrderBy(static c => c.MethodName, StringComparer.Ordinal).ThenBy(static c => c.MethodDisplay, StringComparer.Ordinal).ToList());
            if (members.Count == 0) continue;
            var ns = group.Key.Namespace;
            var className = group.Key.TasksClassName;
            var hintName = HintNames.Unique(HintNames.Sanitize((ns.Length > 0 ? ns + "." : "") + className) + ".g.cs", hintNames);
            classes.Add(new TasksClassModel(ns, className, members.Any(static c => c.TasksClassIsPublic), hintName, new EquatableArray<ComponentModel>(members)));
        }
        return new EquatableArray<TasksClassModel>(classes);
    }

    /// <summary>The names each component adds to its Tasks class.</summary>
    public static IEnumerable<string> GeneratedMemberNames(ComponentModel component)
    {
        yield return component.MethodName;
        yield return component.MethodName + "Component";
        yield return component.MethodName + "Task";
        yield return component.MethodName + "Outputs";
    }

    private static IEnumerable<string> OutputPropertyNames(ComponentModel component) =>
        component.Parameters.Where(static p => p.Role == ComponentParameterRole.OutputArtifact || p.Role == ComponentParameterRole.OutputParameter)
            .Select(static p => p.PropertyName)
            .Concat(component.ReturnOutputs.Select(static o => o.PropertyName));

    private static List<ComponentModel> WithoutClashes(string className, List<ComponentModel> components)
    {
        var owners = new Dictionary<string, int>(StringComparer.Ordinal);
        var clashing = new HashSet<int>();
        for (var i = 0; i < components.Count; i++)
        {
            // A member may not be named like its enclosing class (CS0542).
            if (GeneratedMemberNames(components[i]).Contains(className, StringComparer.Ordinal) ||
                OutputPropertyNames(components[i]).Contains(components[i].MethodName + "Outputs", StringComparer.Ordinal))
            {
                clashing.Add(i);
            }
        }
        for (var i = 0; i < components.Count; i++)
        {
            foreach (var name in GeneratedMemberNames(components[i]))
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
        return components.Where((_, i) => !clashing.Contains(i)).ToList();
    }
}
