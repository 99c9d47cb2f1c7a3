using DuckDuckGoose.Host.Settings;
using DuckDuckGoose.Host.Tests.Support;

namespace DuckDuckGoose.Host.Tests.Settings;

public sealed class NodeOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        var result = new NodeOptionsValidator().Validate(null, new NodeOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(70000)]
    [InlineData(4001)]
    public void A_peer_port_outside_the_TCP_range_or_equal_to_the_port_is_refused(int peerPort)
    {
        var error = Assert.Single(NodeOptionsValidator.Check(new NodeOptions { PeerPort = peerPort }));

        Assert.Equal($"peer-port: '{peerPort}' is not a TCP port (1-65535) other than port (4001)", error);
    }

    [Fact]
    public void A_peer_port_makes_the_node_advertise_a_tcp_peer_address_on_its_advertised_host()
    {
        var options = new NodeOptions { Port = 4001, PeerPort = 5001, Advertise = "http://duck-1.internal:4001" };

        Assert.Equal("tcp://duck-1.internal:5001", options.PeerAdvertise);
        Assert.Null(new NodeOptions().PeerAdvertise);
    }

    [Fact]
    public void Zmq_curve_puts_the_key_file_in_the_data_directory_and_the_public_key_in_the_peer_address()
    {
        var options = new NodeOptions { Port = 4001, PeerPort = 5001, Data = "/var/lib/duck", ZmqCurve = true };
        var key = new string('a', 64);

        Assert.Empty(NodeOptionsValidator.Check(options));
        Assert.Equal(Path.GetFullPath("/var/lib/duck/zmq-curve.key"), options.CurveKeyFilePath);
        Assert.Equal($"tcp://127.0.0.1:5001?curve={key}", options.ToMember("a", key).Peer);
        Assert.Null(new NodeOptions { PeerPort = 5001 }.CurveKeyFilePath);
    }

    [Fact]
    public void A_zmq_curve_key_file_turns_CURVE_on_by_itself()
    {
        var options = new NodeOptions { PeerPort = 5001, ZmqCurveKeyFile = "keys/duck.key" };

        Assert.Empty(NodeOptionsValidator.Check(options));
        Assert.Equal(Path.GetFullPath("keys/duck.key"), options.CurveKeyFilePath);
    }

    [Fact]
    public void CURVE_without_a_peer_port_is_refused()
    {
        var error = Assert.Single(NodeOptionsValidator.Check(new NodeOptions { ZmqCurve = true }));

        Assert.Equal("zmq-curve: 'True' needs peer-port: CURVE encrypts the ZeroMQ peer port (tcp://{host}:{peer-port})", error);
    }

    [Fact]
    public void Zmq_curve_false_with_a_key_file_is_refused()
    {
        var error = Assert.Single(NodeOptionsValidator.Check(new NodeOptions { PeerPort = 5001, ZmqCurve = false, ZmqCurveKeyFile = "k" }));

        Assert.StartsWith("zmq-curve: 'False' contradicts zmq-curve-key-file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_key_file_is_a_start_up_error_naming_the_setting_and_the_file()
    {
        using var data = new TempDirectory();
        var path = data.Combine("bad.key");
        File.WriteAllText(path, "not a key");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var error = Assert.Single(NodeOptionsValidator.Check(new NodeOptions { PeerPort = 5001, ZmqCurveKeyFile = path }));

        Assert.Equal($"zmq-curve-key-file: '{path}' does not hold a CURVE secret key (64 hex characters)", error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(70000)]
    public void Port_outside_the_TCP_range_is_refused(int port)
    {
        var error = Assert.Single(NodeOptionsValidator.Check(new NodeOptions { Port = port }));

        Assert.Equal($"port: '{port}' is not a TCP port (1-65535)", error);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("localhost", true)]
    [InlineData("example.com", false)]
    [InlineData("", false)]
    public void Bind_is_an_IP_address_or_localhost(string bind, bool valid)
    {
        var errors = NodeOptionsValidator.Check(new NodeOptions { Bind = bind });

        if (valid)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Equal($"bind: '{bind}' is not an IP address or 'localhost'", Assert.Single(errors));
        }
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    public void Binding_every_address_needs_an_advertised_url_peers_can_call(string bind)
    {
        var error = Assert.Single(NodeOptionsValidator.Check(new NodeOptions { Bind = bind, Port = 4002 }));
        var url = bind == "::" ? "http://[::]:4002" : "http://0.0.0.0:4002";

        Assert.Equal($"advertise: '{url}' is where peers would call this node, since bind is '{bind}' (every address); set advertise to the URL peers reach it at, such as http://10.0.0.12:4002", error);
        Assert.Empty(NodeOptionsValidator.Check(new NodeOptions { Bind = bind, Advertise = "http://10.0.0.12:4002" }));
    }

    [Theory]
    [InlineData("http://0.0.0.0:4001")]
    [InlineData("http://[::]:4001")]
    public void An_advertised_wildcard_address_is_refused(string advertise)
    {
        var error = Assert.Single(NodeOptionsValidator.Check(new NodeOptions { Bind = "0.0.0.0", Advertise = advertise }));

        Assert.Equal($"advertise: '{advertise}' names no address peers can call (0.0.0.0 or ::); give this node's own address or name", error);
    }

    [Theory]
    [InlineData("http://10.0.0.5:4001", true)]
    [InlineData("https://node-a.example/", true)]
    [InlineData("10.0.0.5:4001", false)]
    [InlineData("ftp://node-a:21", false)]
    [InlineData("/relative", false)]
    public void Advertise_is_an_absolute_http_url(string advertise, bool valid)
    {
        var errors = NodeOptionsValidator.Check(new NodeOptions { Advertise = advertise });

        Assert.Equal(valid, errors.Count == 0);
        if (!valid)
        {
            Assert.StartsWith($"advertise: '{advertise}'", Assert.Single(errors), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("localhost:4001", true)]
    [InlineData("127.0.0.1:4001", true)]
    [InlineData("[::1]:4001", true)]
    [InlineData("http://localhost:4001", true)]
    [InlineData("localhost", false)]
    [InlineData("localhost:99999", false)]
    [InlineData("localhost:abc", false)]
    [InlineData(":4001", false)]
    [InlineData("tcp://localhost:4001", false)]
    public void Join_is_host_and_port_or_an_http_url(string join, bool valid)
    {
        var errors = NodeOptionsValidator.Check(new NodeOptions { Join = join });

        Assert.Equal(valid, errors.Count == 0);
        if (!valid)
        {
            Assert.Equal($"join: '{join}' is neither host:port nor an absolute http or https URL", Assert.Single(errors));
        }
    }

    [Fact]
    public void Tick_must_be_at_least_one_millisecond()
    {
        var error = Assert.Single(NodeOptionsValidator.Check(new NodeOptions { TickMs = 0 }));

        Assert.Equal("tick-ms: '0' must be at least 1", error);
    }

    [Fact]
    public void Heartbeat_must_not_be_shorter_than_a_tick()
    {
        var error = Assert.Single(NodeOptionsValidator.Check(new NodeOptions { TickMs = 10, HeartbeatMs = 5 }));

        Assert.Equal("heartbeat-ms: '5' must be at least tick-ms (10)", error);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(50)]
    [InlineData(75)]
    public void Election_timeout_must_be_at_least_five_heartbeats_as_etcd_requires(int heartbeat)
    {
        var error = Assert.Single(NodeOptionsValidator.Check(new NodeOptions { HeartbeatMs = heartbeat, ElectionTimeoutMs = 150 }));

        Assert.Equal($"election-timeout-ms: '150' must be at least 5 × heartbeat-ms ({heartbeat}), that is {5 * heartbeat}", error);
    }

    [Fact]
    public void Five_heartbeats_exactly_are_enough()
    {
        Assert.Empty(NodeOptionsValidator.Check(new NodeOptions { HeartbeatMs = 30, ElectionTimeoutMs = 150 }));
    }

    [Fact]
    public void The_defaults_pass()
    {
        Assert.Empty(NodeOptionsValidator.Check(new NodeOptions()));
    }

    [Theory]
    [InlineData(4, "voters: '4' must be odd (an even number of voters tolerates no more failures than one fewer), not 4")]
    [InlineData(0, "voters: '0' must be an odd number from 1 to 9, not 0")]
    [InlineData(11, "voters: '11' must be an odd number from 1 to 9, not 11")]
    public void Voters_must_be_odd_from_1_to_9(int voters, string message)
    {
        Assert.Equal([message], NodeOptionsValidator.Check(new NodeOptions { Voters = voters }));
        Assert.Empty(NodeOptionsValidator.Check(new NodeOptions { Voters = voters % 2 == 0 ? voters + 1 : 9 }));
    }

    [Fact]
    public void Autopilot_times_given_are_checked_against_the_timing_they_depend_on()
    {
        var errors = NodeOptionsValidator.Check(new NodeOptions { KeepAliveMs = 10, AutopilotStabilizationMs = 100, DeadNonVoterMs = 50 });

        Assert.Equal(
            [
                "keep-alive-ms: '10' must be from heartbeat-ms (30) to 60000",
                "autopilot-stabilization-ms: '100' must be from election-timeout-ms (150) to 604800000",
                "dead-non-voter-ms: '50' must be from the autopilot stabilization time (100 ms) to 604800000",
            ],
            errors);
    }

    [Fact]
    public void Autopilot_times_not_given_follow_a_slow_timing_instead_of_refusing_it()
    {
        var options = new NodeOptions { HeartbeatMs = 5_000, ElectionTimeoutMs = 60_000 };

        Assert.Empty(NodeOptionsValidator.Check(options));
        Assert.Equal((5_000, 60_000, 300_000), (options.EffectiveKeepAliveMs, options.EffectiveStabilizationMs, options.EffectiveDeadNonVoterMs));
        Assert.Equal((1_000, 10_000, 300_000), (new NodeOptions().EffectiveKeepAliveMs, new NodeOptions().EffectiveStabilizationMs, new NodeOptions().EffectiveDeadNonVoterMs));
    }

    [Fact]
    public void Election_timeout_has_an_upper_bound_of_one_minute()
    {
        var error = Assert.Single(NodeOptionsValidator.Check(new NodeOptions { HeartbeatMs = 1_000, ElectionTimeoutMs = 60_001 }));

        Assert.Equal("election-timeout-ms: '60001' must be at most 60000 (one minute)", error);
        Assert.Empty(NodeOptionsValidator.Check(new NodeOptions { HeartbeatMs = 1_000, ElectionTimeoutMs = 60_000 }));
    }

    [Fact]
    public void Heartbeat_has_an_upper_bound()
    {
        var errors = NodeOptionsValidator.Check(new NodeOptions { HeartbeatMs = 12_000, ElectionTimeoutMs = 60_000 });

        Assert.Equal(["heartbeat-ms: '12000' must be at most 10000"], errors);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Priority_must_be_between_0_and_100(int priority)
    {
        var error = Assert.Single(NodeOptionsValidator.Check(new NodeOptions { Priority = priority }));

        Assert.Equal($"priority: '{priority}' must be between 0 (never stands for election) and 100", error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void Priority_0_and_100_are_accepted(int priority)
    {
        Assert.Empty(NodeOptionsValidator.Check(new NodeOptions { Priority = priority }));
    }

    [Fact]
    public void Election_timeout_must_leave_a_positive_lease()
    {
        // 25 - 2 × 10 - 2.5 = 2.5 ms would be positive, but the core counts whole ticks: 20 - 20 - 2 < 0.
        var errors = NodeOptionsValidator.Check(new NodeOptions { TickMs = 10, HeartbeatMs = 10, ElectionTimeoutMs = 25 });

        Assert.Contains(errors, e => e.StartsWith("election-timeout-ms: '25' leaves no Goose lease", StringComparison.Ordinal));
    }

    [Fact]
    public void A_short_but_sufficient_election_timeout_is_accepted()
    {
        Assert.Empty(NodeOptionsValidator.Check(new NodeOptions { TickMs = 1, HeartbeatMs = 5, ElectionTimeoutMs = 25 }));
    }

    [Theory]
    [InlineData("node-1", true)]
    [InlineData("a.b_c-D9", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("slash/y", false)]
    public void Id_uses_only_safe_characters(string id, bool valid)
    {
        var errors = NodeOptionsValidator.Check(new NodeOptions { Id = id });

        Assert.Equal(valid, errors.Count == 0);
        if (!valid)
        {
            Assert.StartsWith($"id: '{id}' is not a node id", Assert.Single(errors), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Empty_plugin_names_are_refused()
    {
        var errors = NodeOptionsValidator.Check(new NodeOptions { Transport = " ", Timer = "" });

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("transport: ' '", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("timer: ''", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var result = new NodeOptionsValidator().Validate(null, new NodeOptions { Port = 0, Bind = "nope", Id = "x y" });

        Assert.True(result.Failed);
        Assert.Equal(3, result.Failures!.Count());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(3_600_001)]
    public void Hook_timeout_is_between_one_millisecond_and_an_hour(int timeout)
    {
        var error = Assert.Single(NodeOptionsValidator.Check(new NodeOptions { HookTimeoutMs = timeout }));

        Assert.Equal($"hook-timeout-ms: '{timeout}' must be between 1 and 3600000 (one hour)", error);
    }

    [Theory]
    [InlineData(999)]
    [InlineData(3_600_001)]
    public void Hook_retry_maximum_is_between_one_second_and_an_hour(int maximum)
    {
        var error = Assert.Single(NodeOptionsValidator.Check(new NodeOptions { HookRetryMaxMs = maximum }));

        Assert.Equal($"hook-retry-max-ms: '{maximum}' must be between 1000 (the first retry's delay) and 3600000 (one hour)", error);
    }

    [Fact]
    public void A_hook_command_with_a_NUL_character_is_refused()
    {
        var error = Assert.Single(NodeOptionsValidator.Check(new NodeOptions { OnDuck = "echo a\0b" }));

        Assert.Equal("on-duck: 'echo a\\0b' contains a NUL character, which no process can receive", error);
    }

    [Fact]
    public void Hook_defaults_are_ten_seconds_and_thirty_seconds_without_commands()
    {
        var options = new NodeOptions();

        Assert.Equal((10_000, 30_000, (string?)null, (string?)null, (string?)null), (options.HookTimeoutMs, options.HookRetryMaxMs, options.OnGoose, options.OnDuck, options.OnRoleChange));
    }
}
