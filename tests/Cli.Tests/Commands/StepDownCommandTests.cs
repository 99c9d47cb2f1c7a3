using System.Text.Json;
using DuckDuckGoose.Cli.Tests.Support;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.Cli.Tests.Commands;

public sealed class StepDownCommandTests : IDisposable
{
    private readonly FakeNode _node = new();
    private readonly StepDownResult _result = new(Samples.Member("g1", "http://127.0.0.1:4001"), Samples.Member("d3", "http://127.0.0.1:4003"), 9, 41.25);

    public StepDownCommandTests() =>
        _node.Json("POST", "/cluster/step-down", _result, DuckApiJsonContext.Default.StepDownResult);

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task To_a_chosen_member_sends_its_id_and_names_the_new_Goose()
    {
        var run = await CliRun.StartAsync("step-down", "--to", "d3", "--url", _node.Url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("g1 (http://127.0.0.1:4001) handed over to d3 (http://127.0.0.1:4003) in 41.3 ms (term 9)", run.Out.Trim());
        var sent = JsonSerializer.Deserialize(_node.RequestsTo("/cluster/step-down").Single().RequestMessage!.Body!, DuckApiJsonContext.Default.StepDownRequest)!;
        Assert.Equal("d3", sent.TargetId);
    }

    [Fact]
    public async Task Without_a_target_sends_none()
    {
        var run = await CliRun.StartAsync("step-down", "--url", _node.Url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var sent = JsonSerializer.Deserialize(_node.RequestsTo("/cluster/step-down").Single().RequestMessage!.Body!, DuckApiJsonContext.Default.StepDownRequest)!;
        Assert.Null(sent.TargetId);
    }

    [Fact]
    public async Task Json_is_the_node_s_answer()
    {
        var run = await CliRun.StartAsync("step-down", "--url", _node.Url, "--json");

        Assert.Equal(_result, JsonSerializer.Deserialize(run.Out, DuckApiJsonContext.Default.StepDownResult));
    }
}
