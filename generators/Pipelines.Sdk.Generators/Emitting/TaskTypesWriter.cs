using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Pipelines.Naming;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// Writes the scaffolding that component and pipeline tasks share in <c>&lt;Class&gt;Tasks</c>:
/// the partial class, the typed task factory, the task class and its typed outputs class.
/// </summary>
/// <remarks>
/// A pipeline used as a task must look to the pipeline body exactly like a component task, so
/// the layout lives here once; the emitters supply only the wording, the types and what the
/// factory adds (<c>AddTask</c> or <c>AddPipelineTask</c>).
/// </remarks>
internal static class TaskTypesWriter
{
    private const string PipelineTaskType = "global::Pipelines.PipelineTask";

    /// <summary>
    /// A whole file: <paramref name="classDeclaration"/> (in <paramref name="namespace"/> unless it is empty) holding each
    /// member, a blank line apart. A member whose writer throws is left out and recorded in <paramref name="failures"/>.
    /// </summary>
    public static string WriteTasksClass<T>(string @namespace, string classDeclaration, IEnumerable<T> members, Action<SourceWriter, T> writeMember,
        EmitFailures failures, Func<T, string> subject)
    {
        var writer = SourceWriter.WithHeader();
        var hasNamespace = @namespace.Length > 0;
        if (hasNamespace) writer.OpenBlock("namespace " + @namespace);

        writer.OpenBlock(classDeclaration);
        var first = true;
        foreach (var member in members)
        {
            var part = writer.Part();
            if (!first) part.WriteLine();
            if (failures.TryWrite(part, subject(member), w => writeMember(w, member)))
            {
                writer.Append(part);
                first = false;
            }
        }
        writer.CloseBlock();

        if (hasNamespace) writer.CloseBlock();
        return writer.ToString();
    }

    /// <summary>One component or pipeline: its spec field, factory, task class and outputs class, a blank line apart.</summary>
    public static void WriteMember(SourceWriter writer, TaskMember member)
    {
        var taskClass = member.MethodName + "Task";
        var outputsClass = member.MethodName + "Outputs";

        writer.WriteLine("/// <summary>" + member.SpecSummary + "</summary>");
        if (member.SpecAttribute is not null) writer.WriteLine(member.SpecAttribute);
        writer.WriteLine($"{member.Access} static readonly {member.SpecType} {member.SpecField} = {member.SpecInitializer};");
        writer.WriteLine();
        WriteFactory(writer, member.FactorySummary, member.Access, taskClass, member.MethodName, member.AddMethod, member.SpecField, member.Inputs, member.SignatureOrder, member.Obsolete);
        writer.WriteLine();
        WriteTaskClass(writer, member.TaskSummary, member.Access, taskClass, outputsClass, member.Shortcut);
        writer.WriteLine();
        WriteOutputsClass(writer, member.OutputsSummary, member.Access, outputsClass, member.Outputs);
    }

    /// <summary><c>Value&lt;T&gt;</c>: a parameter channel in a pipeline body.</summary>
    public static string ValueType(string typeName) => "global::Pipelines.Value<" + typeName + ">";

    /// <summary><c>ArtifactRef&lt;T&gt;</c>: an artifact channel in a pipeline body.</summary>
    public static string ArtifactRefType(string typeName) => "global::Pipelines.ArtifactRef<" + typeName + ">";

    /// <summary><c>ArtifactListRef&lt;T&gt;</c>: a list of artifacts in a pipeline body.</summary>
    public static string ArtifactListRefType(string typeName) => "global::Pipelines.ArtifactListRef<" + typeName + ">";

    /// <summary>
    /// The factory <paramref name="methodName"/>: its parameters in <paramref name="signatureOrder"/>, it adds a
    /// <paramref name="taskClass"/> with <c>PipelineBuilder.Current.<paramref name="addMethod"/>(task, <paramref name="specField"/>)</c>
    /// and binds <paramref name="inputs"/> in their declared order. An obsolete method's factory carries its
    /// <c>[Obsolete]</c> (<paramref name="obsolete"/>), so pipelines that use it are told as callers of the method would be.
    /// </summary>
    private static void WriteFactory(SourceWriter writer, string summary, string access, string taskClass, string methodName,
        string addMethod, string specField, IReadOnlyList<TaskFactoryInput> inputs, IEnumerable<TaskFactoryInput> signatureOrder, string? obsolete)
    {
        var signature = signatureOrder.Select(static p => p.Type + " " + p.Name + (p.IsOptional ? " = null" : ""));
        var local = Identifiers.Unique("task", inputs.Select(static p => p.Name).ToList());

        writer.WriteLine("/// <summary>" + summary + "</summary>");
        if (obsolete is not null) writer.WriteLine(obsolete);
        writer.OpenBlock($"{access} static {taskClass} {Identifiers.Escape(methodName)}({string.Join(", ", signature)})");
        writer.WriteLine($"var {local} = global::Pipelines.PipelineBuilder.Current.{addMethod}(new {taskClass}(), {specField});");
        foreach (var input in inputs)
        {
            var bind = input.IsArtifact ? "BindArtifact" : "BindParameter";
            writer.WriteLine($"{local}.{bind}({SymbolDisplay.FormatLiteral(input.KfpName, quote: true)}, {input.Name});");
        }
        writer.WriteLine($"return {local};");
        writer.CloseBlock();
    }

    /// <summary>The task class; <paramref name="shortcut"/>, when set, is also exposed on the task itself as <c>Output</c> (a single, non-tuple output).</summary>
    private static void WriteTaskClass(SourceWriter writer, string summary, string access, string taskClass, string outputsClass, TaskOutputProperty? shortcut)
    {
        writer.WriteLine("/// <summary>" + summary + "</summary>");
        writer.OpenBlock($"{access} sealed class {taskClass} : {PipelineTaskType}");
        writer.OpenBlock($"public {taskClass}()");
        writer.WriteLine($"Outputs = new {outputsClass}(this);");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine($"public {outputsClass} Outputs {{ get; }}");
        if (shortcut is not null)
        {
            writer.WriteLine();
            // Always `.Output`, whatever the output is called ([return: Output("scalar")] gives Outputs.Scalar), like KFP's task.output.
            writer.WriteLine($"public {shortcut.Type} {KfpNames.ReturnOutput} => Outputs.{Identifiers.Escape(shortcut.PropertyName)};");
        }
        writer.CloseBlock();
    }

    /// <summary>The outputs class: one property per output, read from the task it wraps.</summary>
    private static void WriteOutputsClass(SourceWriter writer, string summary, string access, string outputsClass, IReadOnlyList<TaskOutputProperty> outputs)
    {
        // The field must not collide with a property of the same class.
        var field = Identifiers.Unique("_task", outputs.Select(static o => o.PropertyName).ToList());

        writer.WriteLine("/// <summary>" + summary + "</summary>");
        writer.OpenBlock($"{access} sealed class {outputsClass}");
        writer.WriteLine($"private readonly {PipelineTaskType} {field};");
        writer.WriteLine();
        writer.OpenBlock($"internal {outputsClass}({PipelineTaskType} task)");
        writer.WriteLine($"{field} = task;");
        writer.CloseBlock();
        if (outputs.Count > 0) writer.WriteLine();
        foreach (var output in outputs)
        {
            writer.WriteLine($"public {output.Type} {Identifiers.Escape(output.PropertyName)} => " +
                $"{field}.{output.Accessor}({SymbolDisplay.FormatLiteral(output.KfpName, quote: true)});");
        }
        writer.CloseBlock();
    }

    /// <summary>Text for a one-line XML doc comment.</summary>
    public static string Xml(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\r\n", " ").Replace('\r', ' ').Replace('\n', ' ')
            .Replace('\u0085', ' ').Replace('\u2028', ' ').Replace('\u2029', ' ');
}
