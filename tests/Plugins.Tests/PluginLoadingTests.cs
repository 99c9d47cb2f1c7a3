using System.Runtime.Loader;
using DuckDuckGoose.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace DuckDuckGoose.Plugins.Tests;

public sealed class PluginLoadingTests
{
    private static readonly TransportSetup Context = new(new Member("self", "http://127.0.0.1:1"), TimeSpan.FromSeconds(1));

    [Theory]
    [InlineData("HttpTransport", "http")]
    [InlineData("FaultInjectionTransport", "faulty-http")]
    public async Task A_transport_plugin_loads_from_its_folder_and_registers_under_its_name(string plugin, string name)
    {
        await using var services = PluginFolder.Services(plugin, Context);

        var transport = Assert.Single(services.GetServices<ITransport>());

        Assert.Equal(name, transport.Name);
        Assert.Equal("/raft", Assert.IsAssignableFrom<IHttpRoutedTransport>(transport).RoutePrefix);
        var context = AssemblyLoadContext.GetLoadContext(transport.GetType().Assembly);
        Assert.NotSame(AssemblyLoadContext.Default, context);
        Assert.Equal(PluginFolder.AssemblyPath(plugin), transport.GetType().Assembly.Location);
    }

    [Theory]
    [InlineData("RandomizedTimer", "randomized")]
    [InlineData("PriorityTimer", "priority")]
    public void A_timer_plugin_loads_from_its_folder_and_registers_under_its_name(string plugin, string name)
    {
        using var services = PluginFolder.Services(plugin, Context);

        var timer = Assert.Single(services.GetServices<IElectionTimer>());

        Assert.Equal(name, timer.Name);
        Assert.Empty(services.GetServices<ITransport>());
    }

    [Theory]
    [InlineData("HttpTransport")]
    [InlineData("RandomizedTimer")]
    [InlineData("PriorityTimer")]
    [InlineData("FaultInjectionTransport")]
    public void A_plugin_folder_leaves_the_contracts_and_the_framework_to_the_host(string plugin)
    {
        // A private DuckDuckGoose.Contracts.dll would make the plugin's ITransport a different type from the
        // host's, and the scan would silently register nothing.
        var files = Directory.GetFiles(Path.Combine(PluginFolder.Root, plugin)).Select(Path.GetFileName).ToList();

        Assert.Contains($"{plugin}.dll", files);
        Assert.DoesNotContain("DuckDuckGoose.Contracts.dll", files);
        Assert.DoesNotContain(files, f => f!.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_contracts_every_plugin_shares_reference_only_the_base_library()
    {
        // The loader loads a shared assembly and all it references into the host's context as a plugin loads:
        // a package behind Contracts (Refit, once) would be loaded into every node whether it is used or not.
        var references = typeof(ITransport).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.All(references, name => Assert.True(
            name == "netstandard" || name.StartsWith("System.", StringComparison.Ordinal),
            $"DuckDuckGoose.Contracts references {name}"));
    }

    [Fact]
    public void The_drop_in_plugin_carries_the_transport_it_wraps_in_its_own_folder()
    {
        Assert.True(
            File.Exists(Path.Combine(PluginFolder.Root, "FaultInjectionTransport", "HttpTransport.dll")),
            "FaultInjectionTransport must be self-contained: a folder dropped into plugins/ with everything it needs but the host's types");
    }
}
