using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Node;

namespace DuckDuckGoose.Host.Tests.Node;

public sealed class ElectionEventLogTests
{
    private static ElectionEvent Entry(long term) =>
        new(DateTimeOffset.UnixEpoch.AddSeconds(term), term, NodeState.Follower, NodeRole.Duck, NodeState.Follower, NodeRole.Duck, null, $"term {term}");

    private static List<ElectionEvent> Drain(ElectionEventSubscription subscription)
    {
        var read = new List<ElectionEvent>();
        while (subscription.Events.TryRead(out var entry))
        {
            read.Add(entry);
        }

        return read;
    }

    [Fact]
    public void A_subscription_gets_the_newest_kept_events_then_each_one_appended_after_in_order_none_twice()
    {
        var log = new ElectionEventLog();
        for (var term = 1; term <= 5; term++)
        {
            log.Add(Entry(term));
        }

        using var subscription = log.Subscribe(backlog: 2);
        log.Add(Entry(6));
        log.Add(Entry(7));

        Assert.Equal([4L, 5L], subscription.Backlog.Select(e => e.Term));
        Assert.Equal([6L, 7L], Drain(subscription).Select(e => e.Term));
        Assert.Equal([3L, 4L, 5L, 6L, 7L], log.Latest(5).Select(e => e.Term));
    }

    [Fact]
    public void A_subscriber_that_does_not_read_loses_its_oldest_unread_events_and_the_log_never_waits()
    {
        var log = new ElectionEventLog();
        using var subscription = log.Subscribe(backlog: 0);

        for (var term = 1; term <= ElectionEventLog.Capacity + 10; term++)
        {
            log.Add(Entry(term));
        }

        var read = Drain(subscription);
        Assert.Equal(ElectionEventLog.Capacity, read.Count);
        Assert.Equal(Enumerable.Range(11, ElectionEventLog.Capacity).Select(t => (long)t), read.Select(e => e.Term));
    }

    [Fact]
    public async Task A_disposed_subscription_gets_nothing_more_and_its_reader_completes()
    {
        var log = new ElectionEventLog();
        var kept = log.Subscribe(backlog: 0);
        var ended = log.Subscribe(backlog: 0);
        Assert.Equal(2, log.Subscribers);

        ended.Dispose();
        ended.Dispose();
        log.Add(Entry(1));

        Assert.Equal(1, log.Subscribers);
        Assert.Empty(Drain(ended));
        Assert.False(await ended.Events.WaitToReadAsync());
        Assert.Equal([1L], Drain(kept).Select(e => e.Term));
        kept.Dispose();
        Assert.Equal(0, log.Subscribers);
    }
}
