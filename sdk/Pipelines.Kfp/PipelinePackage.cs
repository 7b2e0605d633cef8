using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipelines.Kfp;

/// <summary>
/// A compiled pipeline YAML as it is uploaded: its bytes, and what the commands read from its first
/// document (the PipelineSpec): name, description, the build's version and the root inputs.
/// </summary>
public sealed record PipelinePackage(
    string Path,
    byte[] Content,
    string Name,
    string? DisplayName,
    string? Description,
    string? Version,
    IReadOnlyDictionary<string, PipelineParameter> Parameters)
{
    /// <summary>The version name to use when none is given: the build's version, else a digest of the file.</summary>
    public string DefaultVersionName => Version ?? "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Content))[..12];

    public static PipelinePackage Load(string path)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KfpException(KfpDiagnostics.NotAPipeline, $"pipeline '{path}' cannot be read: {e.Message}");
        }
        var text = Encoding.UTF8.GetString(content);
        YamlMappingNode spec;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            spec = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode
                ?? throw new KfpException(KfpDiagnostics.NotAPipeline, $"pipeline '{path}' is not KFP pipeline YAML (no mapping at the top)");
        }
        catch (YamlException e)
        {
            throw new KfpException(KfpDiagnostics.NotAPipeline, $"pipeline '{path}' is not valid YAML: line {e.Start.Line}: {e.Message}");
        }
        var info = Child(spec, "pipelineInfo") as YamlMappingNode;
        if (info is null || Scalar(info, "name") is not { Length: > 0 } name || Child(spec, "root") is not YamlMappingNode root)
            throw new KfpException(KfpDiagnostics.NotAPipeline, $"pipeline '{path}' is not a KFP pipeline (needs pipelineInfo.name and root; a component YAML cannot be uploaded)");
        var description = Scalar(info, "description");
        return new PipelinePackage(path, content, name, Scalar(info, "displayName"), description,
            VersionFromHeader(text) ?? VersionFromDescription(description), ReadParameters(root));
    }

    // The SDK writes the version twice: as a `# Version: …` header comment (for readers) and into
    // pipelineInfo.description (`… (version X)` or `Version X`), which survives upload.
    private static string? VersionFromHeader(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith('#')) break;
            if (line.StartsWith("# Version: ", StringComparison.Ordinal)) return line["# Version: ".Length..].Trim() is { Length: > 0 } v ? v : null;
        }
        return null;
    }

    private static string? VersionFromDescription(string? description)
    {
        if (description is null) return null;
        var match = Regex.Match(description, @"(?:^Version (?<v>\S+)$|\(version (?<v>[^)\s]+)\)$)");
        return match.Success ? match.Groups["v"].Value : null;
    }

    private static Dictionary<string, PipelineParameter> ReadParameters(YamlMappingNode root)
    {
        var result = new Dictionary<string, PipelineParameter>(StringComparer.Ordinal);
        if (Child(root, "inputDefinitions") is not YamlMappingNode inputs || Child(inputs, "parameters") is not YamlMappingNode parameters) return result;
        foreach (var (key, value) in parameters.Children)
        {
            if (key is not YamlScalarNode { Value: { } name } || value is not YamlMappingNode definition) continue;
            var optional = Scalar(definition, "isOptional") is "true" or "True";
            result[name] = new PipelineParameter(name, Scalar(definition, "parameterType") ?? "STRING", Child(definition, "defaultValue") is not null || optional);
        }
        return result;
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;
}

/// <summary>A root input parameter of a pipeline: its KFP <c>parameterType</c> and whether a run may leave it out.</summary>
public sealed record PipelineParameter(string Name, string ParameterType, bool HasDefault);
