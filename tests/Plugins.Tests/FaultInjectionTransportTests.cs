using System.Diagnostics;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Transports.Tests;

namespace DuckDuckGoose.Plugins.Tests;

/// <summary>The drop-in fault-injection plugin, loaded from its folder like the host loads it.</summary>
public sealed class FaultInjectionTransportTests : IDisposable
{
    private static readonly TransportSetup Context = new(new Member("self", "http://127.0.0.1:1"), TimeSpan.FromSeconds(5));
    private static readonly VoteRequest Request = new("self", 3, 0, 0, PreVote: true);

    private readonly string _directory = Directory.CreateTempSubdirectory("duck-faults-").FullName;
    private readonly FakePeer _blocked = FakePeer.Start("blocked", m => new VoteResponse("blocked", 3, true, true));
    private readonly FakePeer _open = FakePeer.Start("open", m => new VoteResponse("open", 3, true, true));

    private string FaultsFile => Path.Combine(_directory, "faults.json");

    public void Dispose()
    {
        _blocked.Dispose();
        _open.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_peer_listed_by_id_is_cut_off_and_the_others_are_not()
    {
        WriteFaults("[\"blocked\"]");
        await using var transport = Create(FaultsFile);

        await Assert.ThrowsAsync<TransportException>(() => transport.SendAsync(_blocked.Member, Request, CancellationToken.None));
        var reply = await transport.SendAsync(_open.Member, Request, CancellationToken.None);

        Assert.Equal(new VoteResponse("open", 3, true, true), reply);
        Assert.Empty(_blocked.Requests);
    }

    [Fact]
    public async Task A_peer_listed_by_url_is_cut_off_whatever_the_case_and_trailing_slash()
    {
        WriteFaults($"[\"{_blocked.Member.Url.ToUpperInvariant()}/\"]");
        await using var transport = Create(FaultsFile);

        await Assert.ThrowsAsync<TransportException>(() => transport.SendAsync(_blocked.Member, Request, CancellationToken.None));
        await transport.SendAsync(_open.Member, Request, CancellationToken.None);

        Assert.Empty(_blocked.Requests);
        Assert.Single(_open.Requests);
    }

    [Fact]
    public async Task A_star_cuts_off_every_peer()
    {
        WriteFaults("[\"*\"]");
        await using var transport = Create(FaultsFile);

        await Assert.ThrowsAsync<TransportException>(() => transport.SendAsync(_blocked.Member, Request, CancellationToken.None));
        await Assert.ThrowsAsync<TransportException>(() => transport.SendAsync(_open.Member, Request, CancellationToken.None));
    }

    [Theory]
    [InlineData("no variable")]
    [InlineData("missing file")]
    [InlineData("not JSON")]
    [InlineData("not a list of strings")]
    public async Task Without_a_readable_fault_list_nothing_is_dropped(string situation)
    {
        string? path = situation == "no variable" ? null : FaultsFile;
        switch (situation)
        {
            case "not JSON":
                WriteFaults("[\"blocked\"");
                break;
            case "not a list of strings":
                WriteFaults("{\"drop\":[\"blocked\"]}");
                break;
        }

        await using var transport = Create(path);

        await transport.SendAsync(_blocked.Member, Request, CancellationToken.None);
        Assert.Single(_blocked.Requests);
    }

    [Fact]
    public async Task Faults_written_while_running_cut_and_heal_the_link()
    {
        await using var transport = Create(FaultsFile);
        await transport.SendAsync(_blocked.Member, Request, CancellationToken.None);

        WriteFaults("[\"blocked\"]");
        await WaitForAsync("the link to be cut", transport, expectDropped: true);

        File.Delete(FaultsFile);
        await WaitForAsync("the link to heal", transport, expectDropped: false);
    }

    [Fact]
    public async Task A_cancelled_send_to_a_cut_off_peer_is_cancellation()
    {
        WriteFaults("[\"blocked\"]");
        await using var transport = Create(FaultsFile);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => transport.SendAsync(_blocked.Member, Request, new CancellationToken(canceled: true)));
    }

    private static ITransport Create(string? faultsFile)
    {
        // The plugin reads the variable when it is created.
        using var variable = new FaultsFileVariable(faultsFile);
        return PluginFolder.CreateTransport("FaultInjectionTransport", Context);
    }

    /// <summary>Replaces the file atomically, as a test cutting links of running nodes should.</summary>
    private void WriteFaults(string json)
    {
        var temp = FaultsFile + ".tmp";
        File.WriteAllText(temp, json);
        File.Move(temp, FaultsFile, overwrite: true);
    }

    /// <summary>The plugin re-reads the file at most every 50 ms of real time, so this waits on the condition.</summary>
    private async Task WaitForAsync(string what, ITransport transport, bool expectDropped)
    {
        var deadline = Stopwatch.StartNew();
        var outcomes = new List<string>();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                await transport.SendAsync(_blocked.Member, Request, CancellationToken.None);
                outcomes.Add("delivered");
            }
            catch (TransportException)
            {
                outcomes.Add("dropped");
            }

            if (outcomes[^1] == (expectDropped ? "dropped" : "delivered"))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }

        Assert.Fail($"timed out after {deadline.Elapsed} waiting for {what}; sends went: {string.Join(", ", outcomes.Distinct())}");
    }
}
