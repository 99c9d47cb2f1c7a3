using DuckDuckGoose.Contracts;
using System.Collections;
using DuckDuckGoose.Host.Settings;
using Microsoft.Extensions.Configuration;

namespace DuckDuckGoose.Host.Tests.Settings;

public sealed class NodeSettingsTests
{
    private static IConfigurationRoot Configuration(IDictionary environment, params string[] args) =>
        new ConfigurationBuilder()
            .Add(new DuckEnvironmentConfigurationSource { Variables = environment })
            .AddInMemoryCollection(NodeCommandLine.Parse(args).Settings)
            .Build();

    [Fact]
    public void Defaults_follow_the_brief()
    {
        var options = NodeSettings.Load(Configuration(new Hashtable()));

        Assert.Equal(4001, options.Port);
        Assert.Equal("http://127.0.0.1:4001", options.AdvertiseUrl);
        Assert.Equal(Path.GetFullPath(Path.Combine("data", "4001")), options.DataDirectory);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "plugins"), options.PluginsDirectory);
        Assert.Equal(("http", "randomized"), (options.Transport, options.Timer));
        Assert.Equal((30, 150, 1, 1), (options.HeartbeatMs, options.ElectionTimeoutMs, options.TickMs, options.Priority));
    }

    [Fact]
    public void The_command_line_overrides_the_environment()
    {
        var options = NodeSettings.Load(Configuration(new Hashtable { ["DUCK_HEARTBEAT_MS"] = "20" }, "--heartbeat-ms", "25"));

        Assert.Equal(25, options.HeartbeatMs);
    }

    [Fact]
    public void Priority_comes_from_DUCK_PRIORITY_or_the_command_line_and_goes_into_the_membership_entry()
    {
        var fromEnvironment = NodeSettings.Load(Configuration(new Hashtable { ["DUCK_PRIORITY"] = "0" }));
        var fromCommandLine = NodeSettings.Load(Configuration(new Hashtable(), "--priority", "7"));

        Assert.Equal(new Member("a", "http://127.0.0.1:4001", Priority: 0), fromEnvironment.ToMember("a"));
        Assert.Equal(new Member("a", "http://127.0.0.1:4001", Priority: 7), fromCommandLine.ToMember("a"));

        // The default is left out of the entry, so members saved before priorities existed compare equal.
        Assert.Equal(new Member("a", "http://127.0.0.1:4001"), NodeSettings.Load(Configuration(new Hashtable())).ToMember("a"));
    }

    [Fact]
    public void The_CURVE_settings_come_from_the_environment_or_the_command_line()
    {
        var fromEnvironment = NodeSettings.Load(Configuration(new Hashtable { ["DUCK_PEER_PORT"] = "5001", ["DUCK_ZMQ_CURVE_KEY_FILE"] = "duck.key" }));
        var fromCommandLine = NodeSettings.Load(Configuration(new Hashtable(), "--peer-port", "5001", "--zmq-curve", "true"));

        Assert.Equal(Path.GetFullPath("duck.key"), fromEnvironment.CurveKeyFilePath);
        Assert.Equal(Path.Combine(fromCommandLine.DataDirectory, "zmq-curve.key"), fromCommandLine.CurveKeyFilePath);
    }

    [Fact]
    public void A_zmq_curve_that_is_not_a_boolean_names_the_setting()
    {
        var error = Assert.Throws<NodeSettingsException>(() => NodeSettings.Load(Configuration(new Hashtable(), "--peer-port", "5001", "--zmq-curve", "yes")));

        Assert.Equal("zmq-curve: 'yes' is neither true nor false", Assert.Single(error.Errors));
    }

    [Fact]
    public void Advertise_defaults_from_bind_and_port()
    {
        var options = NodeSettings.Load(Configuration(new Hashtable(), "--bind", "::1", "--port", "4100"));

        Assert.Equal("http://[::1]:4100", options.AdvertiseUrl);
        Assert.Equal(Path.GetFullPath(Path.Combine("data", "4100")), options.DataDirectory);
    }

    [Fact]
    public void An_unparsable_number_names_the_setting_and_quotes_the_value()
    {
        var error = Assert.Throws<NodeSettingsException>(() => NodeSettings.Load(Configuration(new Hashtable { ["DUCK_PORT"] = "4OO1" })));

        Assert.Equal("port: '4OO1' is not a whole number", Assert.Single(error.Errors));
    }

    [Fact]
    public void Invalid_values_stop_the_load_with_every_error()
    {
        var error = Assert.Throws<NodeSettingsException>(() =>
            NodeSettings.Load(Configuration(new Hashtable(), "--port", "70000", "--bind", "nowhere")));

        Assert.Equal(
            ["port: '70000' is not a TCP port (1-65535)", "bind: 'nowhere' is not an IP address or 'localhost'"],
            error.Errors);
    }

    [Fact]
    public void The_derived_core_options_count_whole_ticks()
    {
        var core = new NodeOptions { TickMs = 10, HeartbeatMs = 55, ElectionTimeoutMs = 155 }.ToCoreOptions("a");

        Assert.Equal((5, 15), (core.HeartbeatTicks, core.ElectionTimeoutTicks));
        Assert.Equal(TimeSpan.FromMilliseconds(150), core.ElectionTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(115), core.LeaseDuration);
    }
}
