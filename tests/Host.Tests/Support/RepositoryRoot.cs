namespace DuckDuckGoose.Host.Tests.Support;

/// <summary>The checkout the tests were built from (the folder holding DuckDuckGoose.sln).</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "DuckDuckGoose.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No DuckDuckGoose.sln above {AppContext.BaseDirectory}.");
    }
}
