namespace Pipelines;

public static partial class KubernetesOptions
{
    /// <summary>
    /// The identity the task's container runs as (<c>securityContext</c>): user and group ids, and
    /// whether it must not run as root. The backend keeps its own hardening (no privilege
    /// escalation, all capabilities dropped) and an administrator's identity defaults win over these.
    /// </summary>
    public static T WithSecurityContext<T>(this T task, long? runAsUser = null, long? runAsGroup = null, bool? runAsNonRoot = null) where T : PipelineTask
    {
        if (runAsUser is null && runAsGroup is null && runAsNonRoot is null)
            throw new ArgumentException("Set at least one of runAsUser, runAsGroup and runAsNonRoot.", nameof(runAsUser));
        if (runAsUser < 0) throw new ArgumentOutOfRangeException(nameof(runAsUser), runAsUser, "A user id is 0 or more.");
        if (runAsGroup < 0) throw new ArgumentOutOfRangeException(nameof(runAsGroup), runAsGroup, "A group id is 0 or more.");
        if (runAsNonRoot == true && runAsUser == 0)
            throw new ArgumentException("runAsNonRoot with runAsUser 0 (root) can never start.", nameof(runAsNonRoot));
        task.Settings.Kubernetes.SecurityContext = new SecurityContextSetting(runAsUser, runAsGroup, runAsNonRoot);
        return task;
    }
}

internal sealed record SecurityContextSetting(long? RunAsUser, long? RunAsGroup, bool? RunAsNonRoot);
