using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>A node with a bad setting stops at start with a non-zero exit code and a message naming the setting and its value.</summary>
public sealed class BadSettingsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("duckduckgoose-bad-settings-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(NodeSettingsStyle.CommandLine)]
    [InlineData(NodeSettingsStyle.Environment)]
    public async Task Port_70000_stops_the_start_with_a_message_naming_port(NodeSettingsStyle style)
    {
        var data = Path.Combine(_directory, "data");
        string[] arguments = style == NodeSettingsStyle.CommandLine ? ["--port", "70000", "--data", data] : [];
        var environment = style == NodeSettingsStyle.Environment
            ? new Dictionary<string, string> { ["DUCK_PORT"] = "70000", ["DUCK_DATA"] = data }
            : [];

        var exit = await HostCommand.RunToExitAsync(arguments, environment, _directory, EndToEnd.Deadline, CancellationToken.None);

        Assert.False(exit.TimedOut, $"the host must stop by itself, but still ran after {EndToEnd.Deadline.TotalSeconds:0} s; output:\n{exit.Output}");
        Assert.True(exit.ExitCode != 0, $"exit code must be non-zero, was {exit.ExitCode}; output:\n{exit.Output}");
        Assert.True(exit.Output.Contains("port", StringComparison.OrdinalIgnoreCase) && exit.Output.Contains("70000", StringComparison.Ordinal),
            $"the message must name the setting 'port' and its value 70000; output:\n{exit.Output}");
    }

    [Fact]
    public async Task A_CURVE_key_file_without_a_key_stops_the_start_with_a_message_naming_the_setting()
    {
        var keyFile = Path.Combine(_directory, "duck.key");
        await File.WriteAllTextAsync(keyFile, "not a key");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var environment = new Dictionary<string, string>
        {
            ["DUCK_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DUCK_PEER_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DUCK_TRANSPORT"] = "zeromq",
            ["DUCK_DATA"] = Path.Combine(_directory, "data"),
            ["DUCK_ZMQ_CURVE_KEY_FILE"] = keyFile,
        };

        var exit = await HostCommand.RunToExitAsync([], environment, _directory, EndToEnd.Deadline, CancellationToken.None);

        Assert.False(exit.TimedOut, $"the host must stop by itself, but still ran after {EndToEnd.Deadline.TotalSeconds:0} s; output:\n{exit.Output}");
        Assert.True(exit.ExitCode != 0, $"exit code must be non-zero, was {exit.ExitCode}; output:\n{exit.Output}");
        Assert.True(exit.Output.Contains("zmq-curve-key-file", StringComparison.Ordinal) && exit.Output.Contains(keyFile, StringComparison.Ordinal),
            $"the message must name the setting 'zmq-curve-key-file' and the file; output:\n{exit.Output}");
    }

    [Fact]
    public async Task A_missing_TLS_certificate_file_stops_the_start_with_exit_code_2_naming_the_setting()
    {
        var missing = Path.Combine(_directory, "node.pem");
        var environment = new Dictionary<string, string>
        {
            ["DUCK_DATA"] = Path.Combine(_directory, "data"),
            ["DUCK_TLS_CERT_FILE"] = missing,
            ["DUCK_TLS_KEY_FILE"] = Path.Combine(_directory, "node.key"),
        };

        var exit = await HostCommand.RunToExitAsync([], environment, _directory, EndToEnd.Deadline, CancellationToken.None);

        Assert.False(exit.TimedOut, $"the host must stop by itself; output:\n{exit.Output}");
        Assert.True(exit.ExitCode == 2, $"exit code must be 2 like other bad settings, was {exit.ExitCode}; output:\n{exit.Output}");
        Assert.True(exit.Output.Contains($"tls-cert-file: '{missing}' does not exist", StringComparison.Ordinal),
            $"the message must name tls-cert-file and the missing file; output:\n{exit.Output}");
    }
}
