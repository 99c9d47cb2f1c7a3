using DuckDuckGoose.Client;
using DuckDuckGoose.Host.Hooks;
using DuckDuckGoose.Host.Leadership;
using DuckDuckGoose.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DuckDuckGoose.Host.Tests.Hooks;

/// <summary>The leadership service and the hooks as the host wires them, with a real shell.</summary>
public sealed class RoleHooksHostTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static CancellationToken Deadline() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    [Fact]
    public async Task A_node_that_becomes_Goose_runs_its_on_goose_hook_and_hands_out_a_leadership_token()
    {
        var file = _directory.Combine("goose.txt");
        var data = _directory.Combine("data");
        var settings = NodeFixtures.Settings(data);
        settings["on-goose"] = $"echo \"$DUCK_ROLE $DUCK_TERM $DUCK_NODE_ID $DUCK_PREVIOUS_ROLE\" > '{file}'";
        settings["on-duck"] = $"echo \"$DUCK_ROLE\" >> '{_directory.Combine("duck.txt")}'";
        await using var factory = new NodeFactory(settings);
        var leadership = factory.Services.GetRequiredService<INodeLeadership>();
        var hooks = factory.Services.GetRequiredService<RoleHookRunner>();

        for (var i = 0; i < 40; i++)
        {
            factory.Time.Advance(TimeSpan.FromMilliseconds(10));
        }

        var lease = await leadership.WhenGooseAsync(Deadline());
        HookStatus status;
        try
        {
            status = await hooks.WaitForStatusAsync(s => s is { AppliedRole: NodeRole.Goose }, Deadline());
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The hooks did not converge on Goose within 30 s; status: {hooks.Status}");
        }

        Assert.Equal((1L, NodeRole.Goose), (lease.Term, leadership.Role));
        Assert.Equal("Goose 1 a Duck\n", await File.ReadAllTextAsync(file));
        Assert.Equal("Duck\n", await File.ReadAllTextAsync(_directory.Combine("duck.txt")));
        Assert.Equal((2L, 0L), (status.Runs, status.Failures));
    }
}
