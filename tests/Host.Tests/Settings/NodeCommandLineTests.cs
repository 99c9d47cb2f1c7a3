using DuckDuckGoose.Host.Settings;

namespace DuckDuckGoose.Host.Tests.Settings;

public sealed class NodeCommandLineTests
{
    [Fact]
    public void Settings_are_read_as_name_value_pairs_in_both_forms()
    {
        var parsed = NodeCommandLine.Parse(["--port", "4002", "--join=localhost:4001", "--heartbeat-ms", "40"]);

        Assert.Equal("4002", parsed.Settings["port"]);
        Assert.Equal("localhost:4001", parsed.Settings["join"]);
        Assert.Equal("40", parsed.Settings["heartbeat-ms"]);
        Assert.Empty(parsed.HostingArguments);
    }

    [Fact]
    public void Setting_names_are_case_insensitive_and_canonicalised()
    {
        var parsed = NodeCommandLine.Parse(["--Election-Timeout-MS", "300"]);

        Assert.Equal("300", parsed.Settings["election-timeout-ms"]);
        Assert.Equal("election-timeout-ms", Assert.Single(parsed.Settings.Keys));
    }

    [Fact]
    public void Generic_host_switches_pass_through_to_the_host()
    {
        var parsed = NodeCommandLine.Parse(["--environment=Development", "--contentRoot", "/tmp", "--port", "1"]);

        Assert.Equal(["--environment=Development", "--contentRoot=/tmp"], parsed.HostingArguments);
        Assert.Equal("1", Assert.Single(parsed.Settings).Value);
    }

    [Fact]
    public void An_unknown_switch_stops_the_start_naming_it_and_the_known_settings()
    {
        var error = Assert.Throws<NodeSettingsException>(() => NodeCommandLine.Parse(["--prot", "4002"]));

        var message = Assert.Single(error.Errors);
        Assert.StartsWith("--prot: unknown setting; known settings: port, bind, advertise, join", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4002")]
    [InlineData("-p")]
    [InlineData("/port")]
    [InlineData("--")]
    public void Anything_but_a_double_dash_switch_is_refused(string arg)
    {
        var error = Assert.Throws<NodeSettingsException>(() => NodeCommandLine.Parse([arg]));

        Assert.StartsWith($"'{arg}': unexpected argument", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_switch_without_a_value_is_refused()
    {
        var error = Assert.Throws<NodeSettingsException>(() => NodeCommandLine.Parse(["--port", "--join", "x:1"]));

        Assert.Equal("port: no value given after --port", Assert.Single(error.Errors));
    }
}
