namespace Pipelines.Sdk.Generators;

/// <summary>What a component's return type produces.</summary>
internal enum ReturnKind
{
    /// <summary>A type KFP cannot carry (PIPE0005).</summary>
    Unsupported,
    /// <summary>void, Task or ValueTask: no outputs.</summary>
    None,
    /// <summary>One value: the output parameter <c>Output</c> (or the name <c>[return: Output("name")]</c> gives).</summary>
    Single,
    /// <summary>A tuple with named elements: one output parameter per element.</summary>
    Tuple,
}
