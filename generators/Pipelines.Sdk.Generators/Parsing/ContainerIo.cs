using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators;

/// <summary>What a parameter of a container component is to KFP, and so which placeholders it has.</summary>
internal enum ContainerIoKind
{
    /// <summary>A value: <c>{{$.inputs.parameters['x']}}</c>.</summary>
    InputParameter,
    /// <summary><c>Input&lt;T&gt;</c>: <c>.Path</c> and <c>.Uri</c>.</summary>
    InputArtifact,
    /// <summary><c>Output&lt;T&gt;</c>: <c>.Path</c> and <c>.Uri</c>.</summary>
    OutputArtifact,
    /// <summary><c>OutputParameter&lt;T&gt;</c>: <c>.OutputFile</c>.</summary>
    OutputParameter,
    /// <summary>An input without a placeholder in a container (artifact lists, the task's final status).</summary>
    Other,
}

/// <summary>One parameter of a container component: its KFP name and kind.</summary>
internal sealed class ContainerIo
{
    public ContainerIo(string kfpName, ContainerIoKind kind)
    {
        KfpName = kfpName;
        Kind = kind;
    }

    public string KfpName { get; }
    public ContainerIoKind Kind { get; }

    /// <summary>The inputs and outputs of a method, by parameter, as <see cref="KfpTypeClassifier"/> classifies them.</summary>
    public static Dictionary<IParameterSymbol, ContainerIo> Of(IMethodSymbol method, KfpTypeClassifier classifier)
    {
        var result = new Dictionary<IParameterSymbol, ContainerIo>(SymbolEqualityComparer.Default);
        foreach (var parameter in method.Parameters)
        {
            ContainerIoKind kind;
            switch (classifier.ClassifyComponentParameter(parameter).Kind)
            {
                case ComponentParameterKind.Parameter: kind = ContainerIoKind.InputParameter; break;
                case ComponentParameterKind.InputArtifact: kind = ContainerIoKind.InputArtifact; break;
                case ComponentParameterKind.OutputArtifact: kind = ContainerIoKind.OutputArtifact; break;
                case ComponentParameterKind.OutputParameter: kind = ContainerIoKind.OutputParameter; break;
                case ComponentParameterKind.InputArtifactList:
                case ComponentParameterKind.TaskFinalStatus: kind = ContainerIoKind.Other; break;
                default: continue;
            }
            result[parameter] = new ContainerIo(KfpNaming.IoName(parameter.Name), kind);
        }
        return result;
    }
}

/// <summary>A reason the body of a container component cannot be compiled, as a diagnostic to report.</summary>
internal sealed class ContainerProblem
{
    public ContainerProblem(DiagnosticDescriptor descriptor, Location location, object[] args)
    {
        Descriptor = descriptor;
        Location = location;
        Args = args;
    }

    public DiagnosticDescriptor Descriptor { get; }
    public Location Location { get; }
    public object[] Args { get; }

    public Diagnostic ToDiagnostic() => Diagnostic.Create(Descriptor, Location, Args);
}

/// <summary>The result of <see cref="ContainerSpecEvaluator"/>: the container JSON, or the problems.</summary>
internal sealed class ContainerEvaluation
{
    public ContainerEvaluation(string? containerJson, IReadOnlyList<ContainerProblem> problems)
    {
        ContainerJson = containerJson;
        Problems = problems;
    }

    public string? ContainerJson { get; }
    public IReadOnlyList<ContainerProblem> Problems { get; }
}
