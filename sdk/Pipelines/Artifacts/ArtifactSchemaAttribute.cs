using System.Collections.Concurrent;
using System.Reflection;
using Pipelines.Naming;

namespace Pipelines;

/// <summary>
/// The KFP artifact type of an artifact class: <c>[ArtifactSchema("google.VertexModel")] public class
/// VertexModel : Artifact;</c> is KFP's <c>artifact_types</c> class with <c>schema_title =
/// 'google.VertexModel'</c>. Components take and produce it as <c>Input&lt;VertexModel&gt;</c> and
/// <c>Output&lt;VertexModel&gt;</c>, and the component spec carries
/// <c>artifactType: {schemaTitle: google.VertexModel, schemaVersion: 0.0.1}</c>. A class without the
/// attribute has its nearest base class's type (<c>class Checkpoint : Model</c> is a <c>system.Model</c>).
/// </summary>
/// <param name="title"><c>system.&lt;Name&gt;</c> or <c>google.&lt;Name&gt;</c>: the namespaces KFP's SDK loads (PIPE0050 otherwise).</param>
/// <param name="version">A three-part version; KFP's types are all <c>0.0.1</c>.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class ArtifactSchemaAttribute(string title, string version = ArtifactSchemaAttribute.DefaultVersion) : Attribute
{
    /// <summary>The schema version of every KFP artifact type (<c>DEFAULT_ARTIFACT_SCHEMA_VERSION</c>).</summary>
    public const string DefaultVersion = "0.0.1";

    /// <summary>KFP's <c>schemaTitle</c>.</summary>
    public string Title { get; } = title;

    /// <summary>KFP's <c>schemaVersion</c>.</summary>
    public string Version { get; } = version;
}

/// <summary>The <see cref="ArtifactSchemaAttribute"/> that applies to an artifact class: its own, or its nearest base's.</summary>
internal static class ArtifactSchemas
{
    private static readonly ConcurrentDictionary<Type, ArtifactSchemaAttribute> Cache = new();

    public static ArtifactSchemaAttribute Of(Type type) => Cache.GetOrAdd(type, static t =>
    {
        for (var current = t; current is not null; current = current.BaseType)
        {
            if (current.GetCustomAttribute<ArtifactSchemaAttribute>(inherit: false) is { } schema)
            {
                if (!KfpArtifactSchemas.IsValidTitle(schema.Title) || !KfpArtifactSchemas.IsValidVersion(schema.Version))
                {
                    throw new InvalidOperationException(
                        $"[ArtifactSchema(\"{schema.Title}\", \"{schema.Version}\")] on {current}: the title must be system.<Name> or google.<Name> and the version three numbers (PIPE0050).");
                }

                return schema;
            }
        }
        return new ArtifactSchemaAttribute("system.Artifact");
    });
}
