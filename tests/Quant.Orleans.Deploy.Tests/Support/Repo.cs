using Quant.Orleans.Testing;

namespace Quant.Orleans.Deploy.Tests.Support;

/// <summary>Files of the repository, by paths relative to its root written with '/'.</summary>
internal static class Repo
{
    /// <summary>The repository root.</summary>
    public static string Root => TestData.RepositoryRoot;

    /// <summary>The silo's own settings file, which every deployment starts from.</summary>
    public static string AppSettings => PathOf("Silo/appsettings.json");

    /// <summary>The absolute path of <paramref name="relative"/>.</summary>
    public static string PathOf(string relative) => Path.GetFullPath(Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar)));

    /// <summary>The text of <paramref name="relative"/>.</summary>
    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>True when <paramref name="relative"/> is a file or a folder of the repository.</summary>
    public static bool Exists(string relative) => File.Exists(PathOf(relative)) || Directory.Exists(PathOf(relative));
}
