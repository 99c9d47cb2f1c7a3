namespace DuckDuckGoose.Chaos.Faults;

/// <summary>
/// A direction between two nodes, by index: the connections <paramref name="From"/> originates to
/// <paramref name="To"/>. Every peer message in the HTTP transport is a request on a connection its sender
/// opened, with the reply coming back on it, so cutting a link stops From's messages to To and their replies,
/// while To's own requests to From (and their replies) still pass.
/// </summary>
/// <param name="From">The node that opens the connections.</param>
/// <param name="To">The node they go to.</param>
public readonly record struct Link(int From, int To)
{
    /// <summary>The same pair, the other way.</summary>
    public Link Reversed => new(To, From);

    /// <summary>Whether <paramref name="node"/> is either end.</summary>
    public bool Touches(int node) => From == node || To == node;

    /// <inheritdoc />
    public override string ToString() => $"n{From + 1}->n{To + 1}";
}
