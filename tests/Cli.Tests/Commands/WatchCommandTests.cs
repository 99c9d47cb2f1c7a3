using System.Text.Json;
using System.Text.RegularExpressions;
using DuckDuckGoose.Cli.Tests.Support;
using DuckDuckGoose.Cli.Watch;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.Cli.Tests.Commands;

public sealed class WatchCommandTests : IDisposable
{
    private readonly FakeCluster _cluster = new();

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public async Task Json_is_one_parsable_snapshot_per_refresh_from_the_Goose()
    {
        var run = await CliRun.StartAsync("watch", "--count", "2", "--interval", "50", "--json", "--url", _cluster.Duck.Url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var snapshot = JsonSerializer.Deserialize(lines[^1], CliJsonContext.Default.WatchSnapshot)!;
        Assert.Equal(_cluster.Goose.Url, snapshot.Source);
        Assert.Equal(NodeRole.Goose, snapshot.SourceRole);
        Assert.Equal(["a", "b", "c"], snapshot.Members.Select(m => m.Id));
        Assert.Equal(NodeRole.Duck, snapshot.Members[0].Status?.Role);
        Assert.Equal(NodeRole.Goose, snapshot.Members[1].Status?.Role);
        Assert.True(snapshot.Members[2] is { Status: null, Error: not null }, $"the dead member has no status and an error: {snapshot.Members[2]}");
        Assert.All(snapshot.Members, m => Assert.NotNull(m.LastHeardMs));
    }

    [Fact]
    public async Task The_table_names_the_Goose_and_shows_a_dead_member_as_no_answer()
    {
        var run = await CliRun.StartAsync("watch", "--count", "1", "--url", _cluster.Duck.Url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains($"Goose: b (term {FakeCluster.Term}, 3 voting members)", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^id\s+url\s+role\s+state\s+term\s+goose\s+voter\s+heard$", run.Out);
        Assert.Matches($@"(?m)^a\s+{Regex.Escape(_cluster.Duck.Url)}\s+Duck\s+Follower\s+4\s+b\s+yes\s+10 ms$", run.Out);
        Assert.Matches($@"(?m)^b\s+{Regex.Escape(_cluster.Goose.Url)}\s+GOOSE\s+Leader\s+4\s+b\s+yes\s+11 ms$", run.Out);
        Assert.Matches($@"(?m)^c\s+{Regex.Escape(_cluster.DeadUrl)}\s+no answer\s+-\s+-\s+-\s+yes\s+12 ms$", run.Out);
        Assert.Contains($"members from {_cluster.Goose.Url} (the Goose)", run.Out, StringComparison.Ordinal);
        Assert.Single(_cluster.Goose.RequestsTo("/cluster"));
    }

    [Fact]
    public async Task Into_a_file_or_pipe_an_unchanged_table_is_printed_once()
    {
        var run = await CliRun.StartAsync("watch", "--count", "3", "--interval", "50", "--url", _cluster.Duck.Url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(3, _cluster.Goose.RequestsTo("/status").Count);
        Assert.Single(Regex.Matches(run.Out, "(?m)^--- "));
    }

    [Fact]
    public async Task On_a_terminal_each_refresh_redraws_the_table_in_place()
    {
        var run = await CliRun.StartAsync(["watch", "--count", "3", "--interval", "50", "--url", _cluster.Duck.Url], terminal: true);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        // Each drawing after the first starts by moving up over the lines of the one before and clearing them.
        var drawings = Regex.Split(run.Out, "(?=\u001b\\[[0-9]+A)");
        Assert.True(drawings.Length == 3, $"3 drawings: {Visible(run.Out)}");
        for (var i = 1; i < drawings.Length; i++)
        {
            var above = drawings[i - 1].Count(c => c == '\n');
            Assert.True(drawings[i].StartsWith($"\u001b[{above}A\r\u001b[J", StringComparison.Ordinal), $"drawing {i + 1} moves up {above} lines: {Visible(run.Out)}");
        }
    }

    [Fact]
    public async Task When_no_member_answers_the_last_refresh_exits_3()
    {
        var url = $"http://127.0.0.1:{FakeNode.UnusedLoopbackPort()}";

        var run = await CliRun.StartAsync("watch", "--count", "1", "--url", url);

        Assert.True(run.ExitCode == ExitCodes.Unreachable, run.ToString());
        Assert.Contains($"cannot read the cluster: no answer to GET /cluster from {url}", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_ends_it_with_0()
    {
        using var interrupt = new CancellationTokenSource();
        _cluster.OnGooseStatus = interrupt.Cancel;

        var run = await CliRun.StartAsync(["watch", "--interval", "50", "--url", _cluster.Duck.Url], cancellationToken: interrupt.Token);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
    }

    private static string Visible(string text) => text.Replace("\u001b", "<ESC>", StringComparison.Ordinal).Replace("\r", "<CR>", StringComparison.Ordinal);
}
