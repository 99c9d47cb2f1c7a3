using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Plugins;
using DuckDuckGoose.Host.Settings;
using DuckDuckGoose.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DuckDuckGoose.Host.Tests.Plugins;

public sealed class PluginCatalogTests : IDisposable
{
    private static readonly string BundledFolder = Path.Combine(AppContext.BaseDirectory, "plugins");

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static ServiceProvider Services(PluginCatalog catalog)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHttpClient();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new TransportSetup(new Member("a", "http://127.0.0.1:4001"), TimeSpan.FromMilliseconds(150)));
        services.AddPlugins(catalog);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void The_bundled_plugins_are_found_by_folder_convention()
    {
        var catalog = PluginCatalog.Load(BundledFolder);

        Assert.Equal(BundledFolder, catalog.Directory);
        Assert.Contains(catalog.Plugins, p => p.Name == "HttpTransport" && p.Path == Path.Combine(BundledFolder, "HttpTransport", "HttpTransport.dll"));
        Assert.Contains(catalog.Plugins, p => p.Name == "RandomizedTimer");
    }

    [Fact]
    public async Task The_bundled_transport_and_timer_register_under_the_hosts_contract_types()
    {
        await using var services = Services(PluginCatalog.Load(BundledFolder));

        Assert.Contains("http", services.GetServices<ITransport>().Select(t => t.Name));
        Assert.Contains("randomized", services.GetServices<IElectionTimer>().Select(t => t.Name));
    }

    [Fact]
    public async Task An_unknown_name_stops_the_start_and_lists_the_names_found()
    {
        await using var services = Services(PluginCatalog.Load(BundledFolder));

        var error = Assert.Throws<NodeSettingsException>(() =>
            PluginSelection.Pick(services.GetServices<ITransport>(), t => t.Name, "transport", "zeromq", BundledFolder));

        Assert.Equal(
            $"transport: 'zeromq' is not a transport found in the plugins under {BundledFolder} (found: http)",
            Assert.Single(error.Errors));
    }

    [Fact]
    public async Task Names_are_matched_ignoring_case()
    {
        await using var services = Services(PluginCatalog.Load(BundledFolder));

        var timer = PluginSelection.Pick(services.GetServices<IElectionTimer>(), t => t.Name, "timer", "Randomized", BundledFolder);

        Assert.Equal("randomized", timer.Name);
    }

    [Fact]
    public void A_missing_folder_holds_no_plugins_and_the_message_says_so()
    {
        var catalog = PluginCatalog.Load(_temp.Combine("absent"));

        Assert.Empty(catalog.Plugins);
        var error = Assert.Throws<NodeSettingsException>(() =>
            PluginSelection.Pick(Array.Empty<IElectionTimer>(), t => t.Name, "timer", "randomized", catalog.Directory));
        Assert.EndsWith("(found: none)", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plugin_built_outside_the_solution_and_dropped_in_is_picked_up()
    {
        var folder = _temp.Combine("plugins");
        PluginCompiler.CompileInto(folder, "SlowTimer", """
            using System;
            using DuckDuckGoose.Contracts;

            namespace DropIn;

            public sealed class SlowTimer : IElectionTimer
            {
                public string Name => "slow";

                public TimeSpan NextTimeout(TimeSpan minimum, ElectionHistory history, Random random) => minimum * 3;
            }
            """);

        var catalog = PluginCatalog.Load(folder);
        await using var services = Services(catalog);
        var timer = PluginSelection.Pick(services.GetServices<IElectionTimer>(), t => t.Name, "timer", "slow", folder);

        Assert.Equal("SlowTimer", Assert.Single(catalog.Plugins).Name);
        Assert.Equal(TimeSpan.FromMilliseconds(450), timer.NextTimeout(TimeSpan.FromMilliseconds(150), new ElectionHistory(0), new Random(1)));
    }

    [Fact]
    public async Task A_dropped_in_plugin_is_used_by_the_next_host_start()
    {
        var folder = _temp.Combine("plugins");
        PluginCompiler.CopyBundled(folder, "HttpTransport");
        PluginCompiler.CompileInto(folder, "SlowTimer", """
            using System;
            using DuckDuckGoose.Contracts;

            namespace DropIn;

            public sealed class SlowTimer : IElectionTimer
            {
                public string Name => "slow";

                public TimeSpan NextTimeout(TimeSpan minimum, ElectionHistory history, Random random) => minimum * 3;
            }
            """);
        var settings = NodeFixtures.Settings(_temp.Combine("data"));
        settings["plugins"] = folder;
        settings["timer"] = "slow";

        using var factory = new NodeFactory(settings);
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/status", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var plugins = factory.Services.GetRequiredService<NodePlugins>();
        Assert.Equal(("http", "slow"), (plugins.Transport.Name, plugins.Timer.Name));
        Assert.Equal(folder, factory.Services.GetRequiredService<PluginCatalog>().Directory);
    }

    [Fact]
    public void Folders_without_their_own_named_assembly_are_skipped()
    {
        var folder = _temp.Combine("plugins");
        Directory.CreateDirectory(Path.Combine(folder, "Loose"));
        File.WriteAllText(Path.Combine(folder, "Loose", "Other.dll"), "not read");

        Assert.Empty(PluginCatalog.Load(folder).Plugins);
    }

    [Fact]
    public void A_broken_plugin_assembly_stops_the_start_naming_the_file()
    {
        var folder = _temp.Combine("plugins");
        var dll = Path.Combine(folder, "Broken", "Broken.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(dll)!);
        File.WriteAllText(dll, "this is not an assembly");

        var error = Assert.Throws<NodeSettingsException>(() => PluginCatalog.Load(folder));

        Assert.StartsWith($"plugins: '{dll}' could not be loaded", Assert.Single(error.Errors), StringComparison.Ordinal);
    }
}
