using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace Pipelines.Sdk.Generators
{
    /// <summary>
    /// Emits <c>PipelinesEntryPoint.g.cs</c>: <c>Main</c> hands the program's components (each with a
    /// direct-call executor, no reflection) and pipelines to <c>PipelineHost.Run</c>.
    /// </summary>
    internal static class EntryPointEmitter
    {
        public const string HintName = "PipelinesEntryPoint.g.cs";
        private const string TaskType = "global::System.Threading.Tasks.Task";

        public static string Emit(EntryPointModel model)
        {
            var executorNames = new List<string>();
            var taken = new HashSet<string>(System.StringComparer.Ordinal) { "Main", "Components", "Pipelines" };
            foreach (ComponentModel component in model.Components)
            {
                string baseName = "Execute_" + Identifiers.Sanitize(component.MethodDisplay);
                string name = baseName;
                for (int i = 2; !taken.Add(name); i++) name = baseName + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                executorNames.Add(name);
            }

            var writer = SourceWriter.WithHeader();
            writer.OpenBlock("namespace Pipelines.Generated");
            writer.WriteLine("/// <summary>The program's entry point: runs one component for KFP's launcher, or traces the pipelines for the build.</summary>");
            writer.OpenBlock("internal static class PipelinesEntryPoint");
            writer.WriteLine("public static int Main(string[] args) => global::Pipelines.PipelineHost.Run(args, Components, Pipelines);");
            writer.WriteLine();

            writer.WriteLine("private static readonly global::Pipelines.ComponentRegistration[] Components = new global::Pipelines.ComponentRegistration[]");
            writer.OpenBlock();
            for (int i = 0; i < model.Components.Count; i++)
            {
                string json = SymbolDisplay.FormatLiteral(ComponentJson.Write(model.Components[i]), quote: true);
                writer.WriteLine($"new global::Pipelines.ComponentRegistration(global::Pipelines.ComponentInfo.Parse({json}), {executorNames[i]}),");
            }
            writer.CloseBlock(";");
            writer.WriteLine();

            writer.WriteLine("private static readonly global::Pipelines.PipelineRegistration[] Pipelines = new global::Pipelines.PipelineRegistration[]");
            writer.OpenBlock();
            // A pipeline with a task factory has its registration in <Class>Tasks: reference that one instance.
            var withFactories = PipelineTasksGrouper.WithFactories(model.Components.ToImmutableArray(), model.Pipelines.ToImmutableArray());
            foreach (PipelineModel pipeline in model.Pipelines)
            {
                // A pipeline that takes artifacts (ArtifactRef<T> parameters) only runs as a task of another
                // pipeline: a run cannot be given artifacts, so it is not traced on its own.
                if (pipeline.Parameters.Any(static p => p.IsArtifact)) continue;
                writer.WriteLine((withFactories.Contains(pipeline) ? PipelineTasksEmitter.RegistrationField(pipeline) : PipelineRegistrationWriter.Expression(pipeline)) + ",");
            }
            writer.CloseBlock(";");

            for (int i = 0; i < model.Components.Count; i++)
            {
                writer.WriteLine();
                WriteExecutor(writer, model.Components[i], executorNames[i]);
            }

            writer.CloseBlock();
            writer.CloseBlock();
            return writer.ToString();
        }

        private static void WriteExecutor(SourceWriter writer, ComponentModel component, string name)
        {
            var parameterNames = component.Parameters.Select(static p => p.Name).ToList();
            string ctx = Identifiers.Unique("ctx", parameterNames);
            string result = Identifiers.Unique("result", parameterNames);

            writer.OpenBlock($"private static {(component.IsAwaitable ? "async " : "")}{TaskType} {name}(global::Pipelines.ExecutorContext {ctx})");
            foreach (ComponentParameterModel parameter in component.Parameters)
            {
                writer.WriteLine($"var {parameter.Name} = {ctx}.{Read(parameter)};");
            }

            string call = $"{(component.IsAwaitable ? "await " : "")}{component.MethodReference}({string.Join(", ", parameterNames)})";
            if (component.ReturnOutputs.Count == 0)
            {
                writer.WriteLine(call + ";");
            }
            else
            {
                writer.WriteLine($"var {result} = {call};");
                foreach (ReturnOutputModel output in component.ReturnOutputs)
                {
                    string value = output.TupleElement is null ? result : result + "." + output.TupleElement;
                    writer.WriteLine($"{ctx}.SetOutputParameter({SymbolDisplay.FormatLiteral(output.KfpName, quote: true)}, {value});");
                }
            }
            if (!component.IsAwaitable) writer.WriteLine($"return {TaskType}.CompletedTask;");
            writer.CloseBlock();
        }

        /// <summary>The <c>ExecutorContext</c> call that produces one argument.</summary>
        private static string Read(ComponentParameterModel parameter)
        {
            string kfpName = SymbolDisplay.FormatLiteral(parameter.KfpName, quote: true);
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
                case ComponentParameterRole.OutputArtifact:
                    return $"GetOutputArtifact<{parameter.TypeName}>({kfpName})";
                default:
                    return parameter.DefaultCSharp is null
                        ? $"GetParameter<{parameter.TypeName}>({kfpName})"
                        : $"GetParameter<{parameter.TypeName}>({kfpName}, {parameter.DefaultCSharp})";
            }
        }
    }
}
