using DuckDuckGoose.Cli.Tests.Support;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Cli.Tests;

/// <summary>Where the URL and the token come from, and bad values that exit 2 without sending anything.</summary>
public sealed class GlobalOptionsTests : IDisposable
{
    private readonly FakeNode _node = new();
    private readonly FakeNode _other = new();

    public GlobalOptionsTests()
    {
        var self = Samples.Member("n1", _node.Url);
        _node.Json("POST", "/cluster/step-down", new StepDownResult(self, Samples.Member("n2", "http://n2"), 4, 12.5), DuckApiJsonContext.Default.StepDownResult);
        _node.Json("GET", "/status", Samples.Status("n1", _node.Url, NodeRole.Goose, 3, self, [self]), DuckApiJsonContext.Default.NodeStatus);
        _other.Json("GET", "/status", Samples.Status("o1", _other.Url, NodeRole.Duck, 3, null, []), DuckApiJsonContext.Default.NodeStatus);
    }

    public void Dispose()
    {
        _node.Dispose();
        _other.Dispose();
    }

    [Fact]
    public async Task The_token_from_DUCK_ADMIN_TOKEN_is_sent_as_a_bearer_token()
    {
        var run = await CliRun.StartAsync(["step-down", "--url", _node.Url], CliRun.WithToken("token-from-env-0123456789"));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("Bearer token-from-env-0123456789", Authorization("/cluster/step-down"));
    }

    [Fact]
    public async Task The_token_option_wins_over_the_environment()
    {
        var run = await CliRun.StartAsync(["step-down", "--url", _node.Url, "--token", "token-from-option-0123456"], CliRun.WithToken("token-from-env-0123456789"));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("Bearer token-from-option-0123456", Authorization("/cluster/step-down"));
    }

    [Fact]
    public async Task Without_a_token_no_authorization_header_is_sent()
    {
        var run = await CliRun.StartAsync("step-down", "--url", _node.Url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Null(Authorization("/cluster/step-down"));
    }

    [Fact]
    public async Task The_url_comes_from_DUCKCTL_URL_when_not_given_and_the_option_wins()
    {
        var environment = new Dictionary<string, string> { [GlobalOptions.UrlVariable] = _other.Url };

        var fromEnvironment = await CliRun.StartAsync(["status"], environment);
        var fromOption = await CliRun.StartAsync(["status", "--url", _node.Url], environment);

        Assert.Contains("o1", fromEnvironment.Out, StringComparison.Ordinal);
        Assert.Contains("n1", fromOption.Out, StringComparison.Ordinal);
        Assert.Single(_other.RequestsTo("/status"));
        Assert.Single(_node.RequestsTo("/status"));
    }

    [Fact]
    public async Task Options_may_come_before_the_command()
    {
        var run = await CliRun.StartAsync("--url", _node.Url, "--json", "status");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.StartsWith("{", run.Out.TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_DUCKCTL_URL_exits_2_naming_the_variable()
    {
        var run = await CliRun.StartAsync(["status"], new Dictionary<string, string> { [GlobalOptions.UrlVariable] = "ftp://127.0.0.1:21" });

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("DUCKCTL_URL 'ftp://127.0.0.1:21'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_or_non_PEM_ca_file_exits_2_naming_the_option_and_sends_nothing()
    {
        var notPem = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(notPem, "not a certificate");
            var missing = await CliRun.StartAsync("status", "--url", _node.Url, "--ca-file", Path.Combine(Path.GetTempPath(), "no-such-ca-" + Guid.NewGuid() + ".pem"));
            var garbage = await CliRun.StartAsync("status", "--url", _node.Url, "--ca-file", notPem);

            Assert.True(missing.ExitCode == ExitCodes.Usage && missing.Error.Contains("--ca-file", StringComparison.Ordinal), missing.ToString());
            Assert.True(garbage.ExitCode == ExitCodes.Usage && garbage.Error.Contains("--ca-file", StringComparison.Ordinal), garbage.ToString());
            Assert.Empty(_node.Requests);
        }
        finally
        {
            File.Delete(notPem);
        }
    }

    private string? Authorization(string path) =>
        _node.RequestsTo(path).Single().RequestMessage!.Headers!.TryGetValue("Authorization", out var values) ? values.Single() : null;
}
