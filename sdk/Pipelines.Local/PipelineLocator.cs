namespace Pipelines.Local;

/// <summary>Finds the pipeline YAML a user means: a file, a folder holding <c>pipelines/*.yaml</c>
/// (or the YAML files themselves), or a pipeline name looked up in such a folder.</summary>
public static class PipelineLocator
{
    /// <param name="target">A YAML path, a folder, a pipeline name, or null (the one pipeline of <paramref name="pipelinesDirectory"/>).</param>
    /// <param name="pipelinesDirectory">Where names are looked up (a project's <c>bin/…/pipelines/</c>); default: the current folder.</param>
    public static string Resolve(string? target, string? pipelinesDirectory)
    {
        if (target is not null && File.Exists(target)) return Path.GetFullPath(target);
        var folder = target is not null && Directory.Exists(target) ? target : pipelinesDirectory ?? Environment.CurrentDirectory;
        if (Directory.Exists(Path.Combine(folder, "pipelines"))) folder = Path.Combine(folder, "pipelines");
        var available = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.yaml").Concat(Directory.GetFiles(folder, "*.yml")).Order(StringComparer.Ordinal).ToList()
            : [];
        if (target is null || Directory.Exists(target))
        {
            if (available.Count == 1) return available[0];
            throw new LocalRunException(LocalDiagnostics.UnknownPipeline, available.Count == 0
                ? $"no pipeline YAML in '{folder}' (build the project first)"
                : $"'{folder}' holds several pipelines; name one: {string.Join(", ", available.Select(Path.GetFileNameWithoutExtension))}");
        }
        var match = available.FirstOrDefault(f => Path.GetFileNameWithoutExtension(f) == target);
        if (match is not null) return match;
        throw new LocalRunException(LocalDiagnostics.UnknownPipeline, target.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || target.Contains('/')
            ? $"no such file: '{target}'"
            : $"no pipeline '{target}' in '{folder}' (pipelines: {(available.Count == 0 ? "none" : string.Join(", ", available.Select(Path.GetFileNameWithoutExtension)))})");
    }
}
