// Shared verbatim between the runtime library and the generator (netstandard2.0): keep it
// free of newer BCL APIs.
using System.Text;
using System.Text.RegularExpressions;

namespace Pipelines.Naming;

/// <summary>Maps C# names to the names KFP uses: snake_case inputs and outputs,
/// kebab-case components, tasks and pipelines.</summary>
internal static class KfpNames
{
    /// <summary>The output name KFP gives a component's single return value.</summary>
    public const string ReturnOutput = "Output";

    /// <summary>pipelineInfo.name, task and component keys: a DNS-1123-like label.</summary>
    public static readonly Regex PipelineName = new Regex("^[a-z0-9][a-z0-9-]{0,127}$");

    /// <summary>Input and output names: identifiers KFP's SDK would also accept.</summary>
    public static readonly Regex IoName = new Regex("^[A-Za-z_][A-Za-z0-9_]*$");

    /// <summary><c>fillValue</c> → <c>fill_value</c>, <c>HTTPPort</c> → <c>http_port</c>.</summary>
    public static string ToSnakeCase(string name) => Split(name, '_');

    /// <summary><c>CleanData</c> → <c>clean-data</c>.</summary>
    public static string ToKebabCase(string name) => Split(name, '-');

    private static string Split(string name, char separator)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_' || c == '-' || c == ' ' || c == '.')
            {
                if (sb.Length > 0 && sb[sb.Length - 1] != separator) sb.Append(separator);
                continue;
            }
            if (char.IsUpper(c))
            {
                var prevLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var acronymEnd = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if ((prevLowerOrDigit || acronymEnd) && sb.Length > 0 && sb[sb.Length - 1] != separator)
                    sb.Append(separator);
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        while (sb.Length > 0 && sb[sb.Length - 1] == separator) sb.Length--;
        return sb.ToString();
    }
}

/// <summary>KFP artifact types: <c>schemaTitle</c> in the namespaces KFP's SDK loads (<c>system.*</c>, and
/// <c>google.*</c> from Google Cloud Pipeline Components) and a three-part <c>schemaVersion</c>.</summary>
internal static class KfpArtifactSchemas
{
    private static readonly Regex Title = new Regex(@"^(system|google)\.[A-Za-z0-9_]+$");
    private static readonly Regex Version = new Regex(@"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$");

    public static bool IsValidTitle(string? title) => title is not null && Title.IsMatch(title);

    public static bool IsValidVersion(string? version) => version is not null && Version.IsMatch(version);
}
