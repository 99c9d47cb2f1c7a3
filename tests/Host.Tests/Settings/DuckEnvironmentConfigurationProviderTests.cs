using System.Collections;
using DuckDuckGoose.Host.Settings;
using Microsoft.Extensions.Configuration;

namespace DuckDuckGoose.Host.Tests.Settings;

public sealed class DuckEnvironmentConfigurationProviderTests
{
    private static IConfigurationRoot Build(IDictionary variables) =>
        new ConfigurationBuilder().Add(new DuckEnvironmentConfigurationSource { Variables = variables }).Build();

    [Fact]
    public void Duck_variables_map_to_dashed_lower_case_settings()
    {
        var configuration = Build(new Hashtable
        {
            ["DUCK_PORT"] = "4002",
            ["DUCK_JOIN"] = "localhost:4001",
            ["DUCK_HEARTBEAT_MS"] = "40",
            ["DUCK_ELECTION_TIMEOUT_MS"] = "300",
        });

        Assert.Equal("4002", configuration["port"]);
        Assert.Equal("localhost:4001", configuration["join"]);
        Assert.Equal("40", configuration["heartbeat-ms"]);
        Assert.Equal("300", configuration["election-timeout-ms"]);
    }

    [Fact]
    public void Unprefixed_variables_do_not_leak_in()
    {
        var configuration = Build(new Hashtable { ["PORT"] = "9999", ["JOIN"] = "x:1", ["duck_port"] = "7" });

        Assert.Empty(configuration.AsEnumerable());
    }

    [Fact]
    public void An_unknown_duck_variable_stops_the_start_naming_it()
    {
        var error = Assert.Throws<NodeSettingsException>(() => Build(new Hashtable { ["DUCK_HEARTBEAT"] = "40" }));

        Assert.StartsWith("DUCK_HEARTBEAT: unknown setting 'heartbeat'; known settings: port", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Variables_a_role_hook_receives_are_not_settings_and_do_not_stop_the_start()
    {
        // A hook that starts a node passes on DUCK_ROLE, DUCK_TERM...; they are not the node's settings.
        var variables = new Hashtable { ["DUCK_PORT"] = "4002" };
        foreach (var name in DuckDuckGoose.Host.Hooks.HookEnvironment.Names)
        {
            variables[name] = "x";
        }

        var configuration = Build(variables);

        Assert.Equal([new KeyValuePair<string, string?>("port", "4002")], configuration.AsEnumerable());
    }

    [Fact]
    public void Hook_settings_come_from_the_environment()
    {
        var options = NodeSettings.Load(Build(new Hashtable { ["DUCK_ON_GOOSE"] = "ip addr add 10.0.0.9/24 dev eth0", ["DUCK_HOOK_TIMEOUT_MS"] = "2000" }));

        Assert.Equal(("ip addr add 10.0.0.9/24 dev eth0", 2000), (options.OnGoose, options.HookTimeoutMs));
    }

    [Fact]
    public void Bound_options_see_environment_settings()
    {
        var options = NodeSettings.Load(Build(new Hashtable { ["DUCK_PORT"] = "4005", ["DUCK_TICK_MS"] = "5" }));

        Assert.Equal(4005, options.Port);
        Assert.Equal(5, options.TickMs);
    }
}
