using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Node;
using DuckDuckGoose.Host.Settings;
using DuckDuckGoose.Host.Storage;
using DuckDuckGoose.Host.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DuckDuckGoose.Host.Tests.Node;

public sealed class NodeStartupTests : IDisposable
{
    private static readonly Member Self = new("a", "http://127.0.0.1:4001");

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private NodeOptions Options(string? join = null) => new() { Data = _data.Path, Join = join };

    private Task<NodeStartup> LoadAsync(IDurableStateStore store, string? join = null, Member? self = null, Microsoft.Extensions.Logging.ILogger? logger = null) =>
        NodeStartup.LoadAsync(Options(join), self ?? Self, store, logger ?? NullLogger.Instance, CancellationToken.None);

    [Fact]
    public async Task An_empty_data_directory_without_join_founds_a_cluster_of_one_and_saves_it()
    {
        var store = new FileStateStore(_data.Path);

        var startup = await LoadAsync(store);

        Assert.Null(startup.JoinAddress);
        Assert.Equal([Self], startup.State.Base.Members);
        Assert.Equal([Self], (await store.LoadAsync(CancellationToken.None))!.Base.Members);
    }

    [Fact]
    public async Task A_node_on_TLS_joins_a_host_and_port_over_https()
    {
        var options = new NodeOptions { Data = _data.Path, Join = "localhost:4001", TlsCertFile = "node.pem", TlsKeyFile = "node.key" };

        var startup = await NodeStartup.LoadAsync(options, Self, new MemoryStateStore(), NullLogger.Instance, CancellationToken.None);

        Assert.Equal("https://localhost:4001", startup.JoinAddress);
    }

    [Fact]
    public async Task An_empty_data_directory_with_join_waits_to_be_added()
    {
        var store = new MemoryStateStore();

        var startup = await LoadAsync(store, "localhost:4001");

        Assert.Equal("localhost:4001", startup.JoinAddress);
        Assert.False(startup.State.HasMembership);
        Assert.Empty(store.Saved);
    }

    [Fact]
    public async Task A_node_its_saved_configuration_no_longer_lists_asks_to_be_added_again_through_join_or_a_member_it_knew()
    {
        var others = new[] { new Member("b", "http://127.0.0.1:4002"), new Member("c", "http://127.0.0.1:4003") };
        var removed = new DurableState(3, null, new Snapshot(4, 3, others), []) { ClusterId = "cluster" };

        var viaJoin = await LoadAsync(new MemoryStateStore(removed), "localhost:4003");
        var viaMember = await LoadAsync(new MemoryStateStore(removed));

        Assert.Equal(("localhost:4003", true), (viaJoin.JoinAddress, viaJoin.Rejoin));
        Assert.Equal(("http://127.0.0.1:4002", true), (viaMember.JoinAddress, viaMember.Rejoin));
        Assert.Equal(removed, viaMember.State);
    }

    [Fact]
    public async Task A_non_voter_asks_to_be_added_again_in_case_it_was_removed_without_learning_it_and_a_voter_does_not()
    {
        var voter = new Member("b", "http://127.0.0.1:4002");
        var asNonVoter = new DurableState(3, null, new Snapshot(4, 3, [voter, Self.AsVoter(false)]), []) { ClusterId = "cluster" };
        var asVoter = new DurableState(3, null, new Snapshot(4, 3, [voter, Self]), []) { ClusterId = "cluster" };

        var nonVoter = await LoadAsync(new MemoryStateStore(asNonVoter), "localhost:4002");
        var member = await LoadAsync(new MemoryStateStore(asVoter), "localhost:4002");

        Assert.Equal(("localhost:4002", true), (nonVoter.JoinAddress, nonVoter.Rejoin));
        Assert.Equal(((string?)null, false), (member.JoinAddress, member.Rejoin));
    }

    [Fact]
    public async Task A_data_directory_with_membership_resumes_it_and_ignores_join()
    {
        var saved = new DurableState(9, "b", new Snapshot(4, 3, [Self, new Member("b", "http://127.0.0.1:4002")]), []);

        var startup = await LoadAsync(new MemoryStateStore(saved), "localhost:4009");

        Assert.Null(startup.JoinAddress);
        Assert.Same(saved, startup.State);
    }

    [Fact]
    public async Task A_node_that_never_got_membership_and_starts_without_join_founds_a_cluster_keeping_its_term()
    {
        var store = new MemoryStateStore(DurableState.Empty with { Term = 4, VotedFor = "x" });

        var startup = await LoadAsync(store);

        Assert.Equal((4L, "x"), (startup.State.Term, startup.State.VotedFor));
        Assert.True(startup.State.HasMembership);
        Assert.Same(startup.State, Assert.Single(store.Saved));
    }

    [Fact]
    public async Task An_unreadable_state_stops_the_start_naming_the_data_setting()
    {
        await File.WriteAllTextAsync(_data.Combine(FileStateStore.FileName), "{ broken");

        var error = await Assert.ThrowsAsync<NodeSettingsException>(() => LoadAsync(new FileStateStore(_data.Path)));

        Assert.StartsWith($"data: '{_data.Path}' holds a state this node cannot read", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Founding_a_cluster_of_one_with_priority_zero_stops_the_start_naming_the_setting()
    {
        var store = new MemoryStateStore();

        var error = await Assert.ThrowsAsync<NodeSettingsException>(() => LoadAsync(store, self: Self with { Priority = 0 }));

        Assert.Equal(
            "priority: '0' would found a cluster of one that can never elect a Goose; give the first node a priority above 0 (or join an existing cluster with join)",
            Assert.Single(error.Errors));
        Assert.Empty(store.Saved);
    }

    [Fact]
    public async Task A_node_of_priority_zero_may_still_join()
    {
        var startup = await LoadAsync(new MemoryStateStore(), "localhost:4001", self: Self with { Priority = 0 });

        Assert.Equal("localhost:4001", startup.JoinAddress);
    }

    [Fact]
    public async Task A_configuration_where_every_voter_has_priority_zero_is_reported_as_critical_at_start()
    {
        var zero = Self with { Priority = 0 };
        var logger = new ListLogger();
        var saved = new DurableState(3, null, new Snapshot(1, 1, [zero]), [new LogEntry(2, 1, [zero, new Member("b", "http://127.0.0.1:4002", Priority: 0)])]);

        await LoadAsync(new MemoryStateStore(saved), self: zero, logger: logger);

        var critical = Assert.Single(logger.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Critical);
        Assert.StartsWith("No node can ever become Goose: every voter (a, b) has priority 0", critical.Message, StringComparison.Ordinal);
        Assert.Contains("--priority / DUCK_PRIORITY", critical.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configuration_with_a_voter_that_may_stand_logs_nothing_about_priorities()
    {
        var logger = new ListLogger();
        var saved = new DurableState(3, null, new Snapshot(1, 1, [Self with { Priority = 0 }, new Member("b", "http://127.0.0.1:4002")]), []);

        await LoadAsync(new MemoryStateStore(saved), self: Self with { Priority = 0 }, logger: logger);

        Assert.DoesNotContain(logger.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task A_priority_setting_that_differs_from_the_membership_entry_is_reported_as_not_yet_in_effect()
    {
        var logger = new ListLogger();
        var saved = new DurableState(3, null, new Snapshot(1, 1, [Self, new Member("b", "http://127.0.0.1:4002")]), []);

        await LoadAsync(new MemoryStateStore(saved), self: Self with { Priority = 5 }, logger: logger);

        var warning = Assert.Single(logger.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Equal(
            "priority 5 is not in effect yet: this node's membership entry says 1; the node asks the Goose to record the new one (it takes effect once committed)",
            warning.Message);
    }
}
