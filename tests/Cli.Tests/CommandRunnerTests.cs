using System.Text.Json;
using DuckDuckGoose.Cli.Tests.Support;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.Cli.Tests;

/// <summary>How a failed call becomes an exit code and a message: refused (1), unreachable (3), interrupted (130).</summary>
public sealed class CommandRunnerTests : IDisposable
{
    private readonly FakeNode _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Problem_details_exit_1_with_title_detail_type_and_retry_after()
    {
        _node.Problem("POST", "/cluster/step-down", 409, ProblemTypes.Busy, "Change in progress", "Another change is in flight.", retryAfter: 2);

        var run = await CliRun.StartAsync("step-down", "--url", _node.Url);

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        Assert.Empty(run.Out);
        Assert.Contains("409", run.Error, StringComparison.Ordinal);
        Assert.Contains("Change in progress", run.Error, StringComparison.Ordinal);
        Assert.Contains("Another change is in flight.", run.Error, StringComparison.Ordinal);
        Assert.Contains($"problem type: {ProblemTypes.Busy}", run.Error, StringComparison.Ordinal);
        Assert.Contains("retry after: 2 s", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_json_the_problem_details_go_to_stderr_as_one_parsable_line()
    {
        _node.Problem("DELETE", "/cluster/members/ghost", 404, ProblemTypes.UnknownMember, "Unknown member", "No member has id 'ghost'.");

        var run = await CliRun.StartAsync("remove", "ghost", "--url", _node.Url, "--json");

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        Assert.Empty(run.Out);
        var problem = JsonSerializer.Deserialize(run.Error.Trim(), DuckApiJsonContext.Default.ApiProblem)!;
        Assert.Equal(ProblemTypes.UnknownMember, problem.Type);
        Assert.Equal(404, problem.Status);
        Assert.Equal("No member has id 'ghost'.", problem.Detail);
    }

    [Fact]
    public async Task An_error_that_is_not_problem_details_exits_1_with_the_status()
    {
        _node.Answer("GET", "/status", 502, "<html>bad gateway</html>", "text/html");

        var run = await CliRun.StartAsync("status", "--url", _node.Url);

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        Assert.Contains("502", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_is_not_the_admin_api_exits_1()
    {
        _node.Answer("GET", "/cluster", 200, "this is not json", "application/json");

        var run = await CliRun.StartAsync("members", "--url", _node.Url);

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        Assert.Empty(run.Out);
        Assert.Contains("GET /cluster answered 200, but not with the admin API's answer", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_exits_3_naming_the_url()
    {
        var url = $"http://127.0.0.1:{FakeNode.UnusedLoopbackPort()}";

        var run = await CliRun.StartAsync("status", "--url", url);

        Assert.True(run.ExitCode == ExitCodes.Unreachable, run.ToString());
        Assert.Contains($"no answer from {url}", run.Error, StringComparison.Ordinal);
        Assert.Contains("refused", run.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task With_json_an_unreachable_node_is_problem_details_of_the_cli()
    {
        var url = $"http://127.0.0.1:{FakeNode.UnusedLoopbackPort()}";

        var run = await CliRun.StartAsync("members", "--url", url, "--json");

        Assert.True(run.ExitCode == ExitCodes.Unreachable, run.ToString());
        var problem = JsonSerializer.Deserialize(run.Error.Trim(), DuckApiJsonContext.Default.ApiProblem)!;
        Assert.Equal(CliOutput.UnreachableType, problem.Type);
        Assert.Equal(url, problem.Instance);
    }

    [Fact]
    public async Task No_answer_within_the_timeout_exits_3()
    {
        _node.Answer("GET", "/status", 200, "{}", "application/json", delay: TimeSpan.FromSeconds(10));

        var run = await CliRun.StartAsync("status", "--url", _node.Url, "--timeout", "0.3");

        Assert.True(run.ExitCode == ExitCodes.Unreachable, run.ToString());
        Assert.Contains("no answer within 0.3 s", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_while_waiting_for_the_node_exits_130()
    {
        using var interrupt = new CancellationTokenSource();
        _node.Answer("POST", "/cluster/step-down", 200, "{}", "application/json", delay: TimeSpan.FromSeconds(5), onRequest: interrupt.Cancel);

        var run = await CliRun.StartAsync(["step-down", "--url", _node.Url], cancellationToken: interrupt.Token);

        Assert.True(run.ExitCode == ExitCodes.Interrupted, run.ToString());
    }
}
