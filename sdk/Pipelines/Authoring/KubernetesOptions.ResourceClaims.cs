namespace Pipelines;

public static partial class KubernetesOptions
{
    /// <summary>Claims devices for the pod through Dynamic Resource Allocation (<c>podResourceClaims</c>):
    /// a claim made from the ResourceClaimTemplate <paramref name="templateName"/> in the run's namespace.</summary>
    public static T WithResourceClaim<T>(this T task, string templateName) where T : PipelineTask
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(templateName);
        task.Settings.Kubernetes.ResourceClaims.Add(new ResourceClaimSetting(templateName, null));
        return task;
    }

    /// <summary>A resource claim as a JSON object (<c>{"resourceClaimTemplateName": …}</c>) that a
    /// pipeline parameter or task output holds (<c>podResourceClaims[].resourceClaimJson</c>).</summary>
    public static T WithResourceClaimJson<T, TJson>(this T task, Value<TJson> claim) where T : PipelineTask
    {
        ArgumentNullException.ThrowIfNull(claim);
        task.Settings.Kubernetes.ResourceClaims.Add(new ResourceClaimSetting(null, claim.Source));
        return task;
    }
}

internal sealed record ResourceClaimSetting(string? TemplateName, ValueSource? Json);
