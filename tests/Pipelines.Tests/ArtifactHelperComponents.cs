namespace Pipelines.Tests;

// A component that reads typed metadata from an input model and copies a directory artifact file by
// file into a directory output: the helpers of ArtifactMetadataExtensions and ArtifactDirectoryExtensions.

public static class ArtifactHelpers
{
    [Component(Name = "copy-model-files")]
    public static string CopyModelFiles(Input<Model> model, Output<Dataset> copies)
    {
        var rows = model.Metadata.Get<int>("rows");
        var accuracy = model.Metadata.Get<double>("accuracy");
        var framework = model.Metadata.GetOrDefault("framework", "unknown");
        var files = model.Files();
        copies.CreateDirectory();
        foreach (var file in files)
            File.Copy(model.FileIn(file), copies.FileIn("copy/" + file));
        copies.Metadata["files"] = files.Count;
        return $"{rows}|{accuracy}|{framework}|{string.Join(",", files)}";
    }
}
