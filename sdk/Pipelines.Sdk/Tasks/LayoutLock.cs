namespace Pipelines.Sdk.Tasks;

/// <summary>How long a build waits for another build of the same project to finish with the image layout before it
/// gives up (PIPE4010). Long enough for a cold build with a push; a hung build does not block forever.</summary>
internal static class LayoutLock
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
}
