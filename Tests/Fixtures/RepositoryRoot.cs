namespace PryvBus.Tests.Fixtures;

/// <summary>
/// The repository the tests were built from: the first folder above the test output (<c>Tests/bin/{configuration}/{framework}</c>)
/// that holds <c>PryvBus.sln</c>. The one place a test finds the repository's files and the other projects' build output.
/// </summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    /// <summary>A project's own build output, same configuration and framework as the tests'.</summary>
    public static string BuildOutput(string project, string file)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        return Combine(project, "bin", output.Parent!.Name, output.Name, file);
    }

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "PryvBus.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"PryvBus.sln not found above {AppContext.BaseDirectory}");
    }
}
