namespace Pipelines;

/// <summary>Operator of a pod label-selector requirement (Kubernetes <c>LabelSelectorRequirement</c>).</summary>
public enum LabelSelectorOperator { In, NotIn, Exists, DoesNotExist }

/// <summary>One pod or namespace label-selector requirement: <c>key operator values</c>.</summary>
public sealed record LabelSelectorRequirement(string Key, LabelSelectorOperator Operator, params IReadOnlyList<string> Values);

public static partial class KubernetesOptions
{
    /// <summary>
    /// Schedules the pod near pods that match (<c>podAffinity</c>): on a node whose
    /// <paramref name="topologyKey"/> label (e.g. <c>kubernetes.io/hostname</c>,
    /// <c>topology.kubernetes.io/zone</c>) equals that of a node running a matching pod. Without
    /// <paramref name="weight"/> it is required; with a weight (1-100) only preferred.
    /// </summary>
    /// <param name="matchPodLabels">Labels the other pods must carry.</param>
    /// <param name="matchPodExpressions">Further requirements on the other pods' labels.</param>
    /// <param name="namespaces">Namespaces to look for the pods in (default: the task's own).</param>
    /// <param name="matchNamespaceLabels">Labels of the namespaces to look for the pods in.</param>
    /// <param name="matchNamespaceExpressions">Further requirements on those namespaces' labels.</param>
    public static T WithPodAffinity<T>(this T task, string topologyKey, IReadOnlyDictionary<string, string>? matchPodLabels = null,
        IEnumerable<LabelSelectorRequirement>? matchPodExpressions = null, IEnumerable<string>? namespaces = null,
        IReadOnlyDictionary<string, string>? matchNamespaceLabels = null, IEnumerable<LabelSelectorRequirement>? matchNamespaceExpressions = null,
        int? weight = null) where T : PipelineTask
    {
        task.Settings.Kubernetes.PodAffinities.Add(PodAffinityTerm(topologyKey, matchPodLabels, matchPodExpressions, namespaces,
            matchNamespaceLabels, matchNamespaceExpressions, weight, anti: null));
        return task;
    }

    /// <summary>
    /// Keeps the pod away from pods that match (<c>podAffinity</c> with <c>anti: true</c>): not on a
    /// node whose <paramref name="topologyKey"/> label equals that of a node running a matching pod.
    /// Without <paramref name="weight"/> it is required; with a weight (1-100) only preferred.
    /// The parameters are those of <see cref="WithPodAffinity{T}"/>.
    /// </summary>
    public static T WithPodAntiAffinity<T>(this T task, string topologyKey, IReadOnlyDictionary<string, string>? matchPodLabels = null,
        IEnumerable<LabelSelectorRequirement>? matchPodExpressions = null, IEnumerable<string>? namespaces = null,
        IReadOnlyDictionary<string, string>? matchNamespaceLabels = null, IEnumerable<LabelSelectorRequirement>? matchNamespaceExpressions = null,
        int? weight = null) where T : PipelineTask
    {
        task.Settings.Kubernetes.PodAffinities.Add(PodAffinityTerm(topologyKey, matchPodLabels, matchPodExpressions, namespaces,
            matchNamespaceLabels, matchNamespaceExpressions, weight, anti: true));
        return task;
    }

    /// <summary>A pod affinity (or, with <paramref name="anti"/>, anti-affinity) term as a JSON object
    /// (Kubernetes <c>PodAffinityTerm</c>) that a pipeline parameter or task output holds
    /// (<c>podAffinity[].podAffinityJson</c>). It replaces an earlier JSON term of the same kind, as kfp-kubernetes does.</summary>
    public static T WithPodAffinityJson<T, TJson>(this T task, Value<TJson> affinity, bool anti = false) where T : PipelineTask
    {
        ArgumentNullException.ThrowIfNull(affinity);
        var affinities = task.Settings.Kubernetes.PodAffinities;
        affinities.RemoveAll(a => a.Json is not null && (a.Anti ?? false) == anti);
        affinities.Add(new PodAffinitySetting(null, new Dictionary<string, string>(), [], [], new Dictionary<string, string>(), [], null, anti, affinity.Source));
        return task;
    }

    private static PodAffinitySetting PodAffinityTerm(string topologyKey, IReadOnlyDictionary<string, string>? podLabels,
        IEnumerable<LabelSelectorRequirement>? podExpressions, IEnumerable<string>? namespaces,
        IReadOnlyDictionary<string, string>? namespaceLabels, IEnumerable<LabelSelectorRequirement>? namespaceExpressions, int? weight, bool? anti)
    {
        // Kubernetes rejects a PodAffinityTerm without a topology key, so ask for it up front.
        ArgumentException.ThrowIfNullOrWhiteSpace(topologyKey);
        if (weight is < 1 or > 100)
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "A preferred pod affinity's weight is 1-100.");
        var podRequirements = CheckRequirements(podExpressions, nameof(podExpressions));
        var namespaceRequirements = CheckRequirements(namespaceExpressions, nameof(namespaceExpressions));
        var namespaceList = namespaces?.ToList() ?? [];
        foreach (var ns in namespaceList) ArgumentException.ThrowIfNullOrWhiteSpace(ns, nameof(namespaces));
        return new PodAffinitySetting(topologyKey, CheckLabels(podLabels, nameof(podLabels)), podRequirements, namespaceList,
            CheckLabels(namespaceLabels, nameof(namespaceLabels)), namespaceRequirements, weight, anti, null);
    }

    private static List<LabelSelectorRequirement> CheckRequirements(IEnumerable<LabelSelectorRequirement>? requirements, string parameter)
    {
        var list = requirements?.ToList() ?? [];
        foreach (var r in list)
        {
            ArgumentNullException.ThrowIfNull(r, parameter);
            ArgumentException.ThrowIfNullOrWhiteSpace(r.Key, parameter);
            if (!Enum.IsDefined(r.Operator)) throw new ArgumentOutOfRangeException(parameter, r.Operator, "Unknown label selector operator.");
            // Kubernetes: In/NotIn need values, Exists/DoesNotExist must have none.
            var needsValues = r.Operator is LabelSelectorOperator.In or LabelSelectorOperator.NotIn;
            if (needsValues != ((r.Values?.Count ?? 0) > 0))
                throw new ArgumentException($"Requirement on '{r.Key}': {r.Operator} {(needsValues ? "needs at least one value" : "takes no values")}.", parameter);
        }
        return list;
    }

    private static SortedDictionary<string, string> CheckLabels(IReadOnlyDictionary<string, string>? labels, string parameter)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(key, parameter);
            sorted[key] = value ?? "";
        }
        return sorted;
    }
}

/// <summary>One <c>PodAffinityTerm</c> of kfp-kubernetes; <see cref="Json"/> set means a <c>podAffinityJson</c> term.</summary>
internal sealed record PodAffinitySetting(
    string? TopologyKey,
    IReadOnlyDictionary<string, string> MatchPodLabels,
    IReadOnlyList<LabelSelectorRequirement> MatchPodExpressions,
    IReadOnlyList<string> Namespaces,
    IReadOnlyDictionary<string, string> MatchNamespaceLabels,
    IReadOnlyList<LabelSelectorRequirement> MatchNamespaceExpressions,
    int? Weight,
    bool? Anti,
    ValueSource? Json);
