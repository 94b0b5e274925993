using Municipal.Testing;
using System.Reflection;

namespace Municipal.Architecture.Tests;

/// <summary>The repository's source files and the services' assemblies, for the convention checks.</summary>
internal static class SourceTree
{
    public static readonly string[] Services = ["Communities", "Scheduling", "Requests", "Notifications"];

    public static string Root { get; } = Path.GetDirectoryName(DocumentedProblemKinds.RepositoryFile("Municipal.sln"))!;

    public static string Src => Path.Combine(Root, "src");

    /// <summary>Every C# file under src/, without build output and migrations; paths relative to the root, with '/'.</summary>
    public static IReadOnlyList<string> CSharpFiles(string under = "src") => Directory
        .EnumerateFiles(Path.Combine(Root, under), "*.cs", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
        .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
        .Where(f => !f.Contains("/Migrations/", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToList();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    /// <summary>The built assemblies of every Municipal project the tests reference.</summary>
    public static IReadOnlyList<Assembly> MunicipalAssemblies { get; } = LoadAll();

    private static List<Assembly> LoadAll()
    {
        foreach (var name in Services.Select(s => "Municipal." + s).Concat(["Municipal.Edge", "Municipal.ServiceDefaults", "Municipal.Messaging", "Municipal.Contracts"]))
        {
            Assembly.Load(name);
        }

        return AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && a.GetName().Name?.StartsWith("Municipal.", StringComparison.Ordinal) == true)
            .Where(a => !a.GetName().Name!.EndsWith(".Tests", StringComparison.Ordinal) && a.GetName().Name != "Municipal.Testing")
            .ToList();
    }
}
