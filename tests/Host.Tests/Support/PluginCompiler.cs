using DuckDuckGoose.Contracts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DuckDuckGoose.Host.Tests.Support;

/// <summary>Builds a small plugin assembly from C# source at test time: a plugin made outside the solution.</summary>
public static class PluginCompiler
{
    /// <summary>Compiles <paramref name="source"/> against the runtime and Contracts into <c>{pluginsFolder}/{name}/{name}.dll</c>.</summary>
    public static string CompileInto(string pluginsFolder, string name, string source)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Append(typeof(ITransport).Assembly.Location)
            .Distinct()
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            name,
            [CSharpSyntaxTree.ParseText(source)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var folder = Path.Combine(pluginsFolder, name);
        Directory.CreateDirectory(folder);
        var dll = Path.Combine(folder, name + ".dll");
        var result = compilation.Emit(dll);
        if (!result.Success)
        {
            throw new InvalidOperationException(
                "Test plugin did not compile: " + string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        return dll;
    }

    /// <summary>Copies a bundled plugin folder (such as HttpTransport) from the test's own plugins folder.</summary>
    public static void CopyBundled(string pluginsFolder, string name)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "plugins", name);
        var target = Path.Combine(pluginsFolder, name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }
}
