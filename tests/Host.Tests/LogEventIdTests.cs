using System.Reflection;
using DuckDuckGoose.Host.Node;
using Microsoft.Extensions.Logging;

namespace DuckDuckGoose.Host.Tests;

/// <summary>Every log event of the host has an id of its own, so an operator can filter or alert on one kind of line.</summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void No_two_log_events_of_the_host_share_an_id()
    {
        var events = typeof(NodeActor).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.FullName}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(e => e.Attribute is not null)
            .ToList();

        var shared = events
            .GroupBy(e => e.Attribute!.EventId)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}")
            .ToList();

        Assert.True(events.Count > 50, $"found only {events.Count} log events; the scan misses them");
        Assert.True(shared.Count == 0, $"event ids used more than once: {string.Join("; ", shared)}");
    }
}
