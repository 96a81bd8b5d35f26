namespace Recorder.Tests.Shared;

/// <summary>Paths of the checkout and of the shared reference data beside it (../shared), as CI lays them out.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>../shared/data, beside the checkout.</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Recorder.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Recorder.sln not found above " + AppContext.BaseDirectory);
    }
}
