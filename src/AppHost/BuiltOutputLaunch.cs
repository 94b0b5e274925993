using System.Reflection;
using System.Runtime.Versioning;

namespace Municipal.AppHost;

/// <summary>
/// Starts a project from its built output (<c>dotnet exec</c> on its assembly) instead of Aspire's default
/// <c>dotnet run --no-build</c>. The app host is built with its projects, so the output is already there, and
/// <c>dotnet run</c> costs each process a few CPU-seconds of MSBuild evaluation before the service even starts:
/// on a 2-core machine, six of them at once delayed a healthy gateway by about ten seconds.
/// </summary>
internal static class BuiltOutputLaunch
{
    /// <summary>
    /// The orchestrator still appends the project path and <c>--configuration &lt;name&gt;</c> after these
    /// arguments; this option takes the path as its value so that the service's configuration reads both as
    /// two inert settings rather than a key made of the path.
    /// </summary>
    public const string ProjectOption = "--aspire-project";

    public static IResourceBuilder<ProjectResource> LaunchBuiltOutput(this IResourceBuilder<ProjectResource> project)
    {
        if (BuiltAssembly(project.Resource.GetProjectMetadata().ProjectPath) is not { } assembly)
        {
            return project; // not built here in this configuration: Aspire's default launch reports what is missing
        }

#pragma warning disable ASPIREPROJECTS001 // experimental in Aspire 13.6: the supported way to replace the launch verb
        return project.WithAnnotation(new ProjectLaunchArgsOverrideAnnotation(["exec", assembly, ProjectOption]));
#pragma warning restore ASPIREPROJECTS001
    }

    /// <summary>The project's assembly in the output of the app host's own configuration and target framework.</summary>
    public static string? BuiltAssembly(string projectPath)
    {
        var appHost = typeof(BuiltOutputLaunch).Assembly;
        var configuration = appHost.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var framework = new FrameworkName(appHost.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName);
        var output = Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", configuration, $"net{framework.Version.Major}.{framework.Version.Minor}");
        var runtimeConfigs = Directory.Exists(output) ? Directory.GetFiles(output, "*.runtimeconfig.json") : [];
        if (runtimeConfigs.Length != 1)
        {
            return null;
        }

        var assembly = runtimeConfigs[0][..^".runtimeconfig.json".Length] + ".dll";
        return File.Exists(assembly) ? assembly : null;
    }
}
