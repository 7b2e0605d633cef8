namespace Pipelines.Local;

/// <summary>What an importer's URI means on this machine: local paths and <c>file://</c> URIs only.</summary>
internal static class ImporterUris
{
    /// <exception cref="LocalRunException">PIPE5008 for any other scheme.</exception>
    public static string ToLocal(string uri)
    {
        if (uri.StartsWith("file://", StringComparison.Ordinal)) return Path.GetFullPath(Uri.UnescapeDataString(uri["file://".Length..]));
        var colon = uri.IndexOf("://", StringComparison.Ordinal);
        if (colon > 0)
        {
            throw new LocalRunException(LocalDiagnostics.UnsupportedImporterUri,
                $"importer URI '{uri}': scheme '{uri[..colon]}' cannot be read locally (local runs import local paths and file:// URIs); copy the data here and pass its path");
        }

        return Path.GetFullPath(uri);
    }
}
