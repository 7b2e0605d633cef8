using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// Emits <c>PipelinesEntryPoint.g.cs</c>: <c>Main</c> hands the program's components (each with a
/// direct-call executor, no reflection) and pipelines to <c>PipelineHost.Run</c>.
/// </summary>
internal static class EntryPointEmitter
{
    public const string HintName = "PipelinesEntryPoint.g.cs";
    private const string TaskType = "global::System.Threading.Tasks.Task";

    public static string Emit(EntryPointModel model, EmitFailures failures)
    {
        // Each component's registration and executor are written ahead, together: a component the
        // emitter fails on is left out whole (and reported), the others are still registered.
        var registrations = new List<string>();
        var executors = new List<SourceWriter>();
        var taken = new HashSet<string>(System.StringComparer.Ordinal) { "Main", "Components", "Pipelines" };
        // Container components run their own image, never this program: no executor for them.
        foreach (var component in model.Components.Where(static c => c.ContainerJson is null))
        {
            var baseName = "Execute_" + Identifiers.Sanitize(component.MethodDisplay);
            var name = baseName;
            for (var i = 2; taken.Contains(name); i++) name = baseName + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string? registration = null;
            var executor = SourceWriter.Indented(2);
            if (!failures.TryWrite(executor, EmitFailures.Subject(component), w =>
            {
                var json = SymbolDisplay.FormatLiteral(ComponentJson.Write(component), quote: true);
                registration = $"new global::Pipelines.ComponentRegistration(global::Pipelines.ComponentInfo.Parse({json}), {name}),";
                w.WriteLine();
                WriteExecutor(w, component, name);
            }))
            {
                continue;
            }
            taken.Add(name);
            registrations.Add(registration!);
            executors.Add(executor);
        }

        // A pipeline with a task factory has its registration in <Class>Tasks: reference that one instance.
        var withFactories = PipelineTasksGrouper.WithFactories(model.Components.ToImmutableArray(), model.Pipelines.ToImmutableArray());
        var pipelines = new List<string>();
        foreach (var pipeline in model.Pipelines)
        {
            // A pipeline that takes artifacts (ArtifactRef<T> parameters) only runs as a task of another
            // pipeline: a run cannot be given artifacts, so it is not traced on its own.
            if (pipeline.Parameters.Any(static p => p.IsArtifact)) continue;
            var line = SourceWriter.Indented(0);
            var helper = SourceWriter.Indented(2);
            if (failures.TryWrite(line, EmitFailures.Subject(pipeline), w =>
            {
                var registration = withFactories.Contains(pipeline) ? PipelineTasksEmitter.RegistrationField(pipeline) : PipelineRegistrationWriter.Expression(pipeline);
                if (pipeline.Obsolete is not null && !withFactories.Contains(pipeline))
                {
                    // The expression calls an obsolete method: it goes into an obsolete member of its own (see WriteExecutor).
                    var method = Identifiers.Unique("Register_" + Identifiers.Sanitize(pipeline.MethodDisplay), taken);
                    taken.Add(method);
                    helper.WriteLine();
                    helper.WriteLine(ObsoleteAttributes.GeneratedCaller);
                    helper.WriteLine($"private static global::Pipelines.PipelineRegistration {method}() => {registration};");
                    registration = method + "()";
                }
                w.WriteLine(registration + ",");
            }))
            {
                pipelines.Add(line.ToString().TrimEnd('\n'));
                executors.Add(helper);
            }
        }

        var writer = SourceWriter.WithHeader();
        writer.OpenBlock("namespace Pipelines.Generated");
        writer.WriteLine("/// <summary>The program's entry point: runs one component for KFP's launcher, or traces the pipelines for the build.</summary>");
        writer.OpenBlock("internal static class PipelinesEntryPoint");
        writer.WriteLine("public static int Main(string[] args) => global::Pipelines.PipelineHost.Run(args, Components, Pipelines);");
        writer.WriteLine();

        writer.WriteLine("private static readonly global::Pipelines.ComponentRegistration[] Components = new global::Pipelines.ComponentRegistration[]");
        writer.OpenBlock();
        foreach (var registration in registrations) writer.WriteLine(registration);
        writer.CloseBlock(";");
        writer.WriteLine();

        writer.WriteLine("private static readonly global::Pipelines.PipelineRegistration[] Pipelines = new global::Pipelines.PipelineRegistration[]");
        writer.OpenBlock();
        foreach (var pipeline in pipelines) writer.WriteLine(pipeline);
        writer.CloseBlock(";");

        foreach (var executor in executors) writer.Append(executor);

        writer.CloseBlock();
        writer.CloseBlock();
        return writer.ToString();
    }

    private static void WriteExecutor(SourceWriter writer, ComponentModel component, string name)
    {
        var parameterNames = component.Parameters.Select(static p => p.Name).ToList();
        var ctx = Identifiers.Unique("ctx", parameterNames);
        var result = Identifiers.Unique("result", parameterNames);

        // An obsolete member may call obsolete ones: this is what lets the executor call an [Obsolete(..., true)] component.
        if (component.Obsolete is not null) writer.WriteLine(ObsoleteAttributes.GeneratedCaller);
        writer.OpenBlock($"private static {(component.IsAwaitable ? "async " : "")}{TaskType} {name}(global::Pipelines.ExecutorContext {ctx})");
        foreach (var parameter in component.Parameters)
        {
            writer.WriteLine($"var {parameter.Name} = {ctx}.{Read(parameter)};");
        }

        var call = $"{(component.IsAwaitable ? "await " : "")}{component.MethodReference}({string.Join(", ", parameterNames)})";
        if (component.ReturnOutputs.Count == 0)
        {
            writer.WriteLine(call + ";");
        }
        else
        {
            writer.WriteLine($"var {result} = {call};");
            foreach (var output in component.ReturnOutputs)
            {
                var value = output.TupleElement is null ? result : result + "." + output.TupleElement;
                writer.WriteLine($"{ctx}.SetOutputParameter({SymbolDisplay.FormatLiteral(output.KfpName, quote: true)}, {value});");
            }
        }
        // OutputParameter<T> arguments are read back once the method has returned: one left unset fails the task (PIPE2007).
        foreach (var parameter in component.Parameters.Where(static p => p.Role == ComponentParameterRole.OutputParameter))
        {
            writer.WriteLine($"{ctx}.RecordOutputParameter({SymbolDisplay.FormatLiteral(parameter.KfpName, quote: true)}, {parameter.Name});");
        }
        if (!component.IsAwaitable) writer.WriteLine($"return {TaskType}.CompletedTask;");
        writer.CloseBlock();
    }

    /// <summary>The <c>ExecutorContext</c> call that produces one argument.</summary>
    private static string Read(ComponentParameterModel parameter)
    {
        var kfpName = SymbolDisplay.FormatLiteral(parameter.KfpName, quote: true);
        switch (parameter.Role)
        {
            case ComponentParameterRole.InputArtifact:
                return parameter.IsOptional
                    ? $"GetOptionalInputArtifact<{parameter.TypeName}>({kfpName})"
                    : $"GetInputArtifact<{parameter.TypeName}>({kfpName})";
            case ComponentParameterRole.InputArtifactList:
                return $"GetInputArtifactList<{parameter.TypeName}>({kfpName})";
            case ComponentParameterRole.TaskFinalStatus:
                return $"GetParameter<global::Pipelines.PipelineTaskFinalStatus>({kfpName})";
            case ComponentParameterRole.TaskConfig:
                return $"GetTaskConfig({kfpName})";
            case ComponentParameterRole.OutputArtifact:
                return $"GetOutputArtifact<{parameter.TypeName}>({kfpName})";
            case ComponentParameterRole.OutputParameter:
                return $"GetOutputParameter<{parameter.TypeName}>({kfpName})";
            default:
                if (parameter.DefaultFromJson)
                    return $"GetParameterOrDefaultJson<{parameter.TypeName}>({kfpName}, {SymbolDisplay.FormatLiteral(parameter.DefaultJson!, quote: true)})";
                return parameter.DefaultCSharp is null
                    ? $"GetParameter<{parameter.TypeName}>({kfpName})"
                    : $"GetParameter<{parameter.TypeName}>({kfpName}, {parameter.DefaultCSharp})";
        }
    }
}
