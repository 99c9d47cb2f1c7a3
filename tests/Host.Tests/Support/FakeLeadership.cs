using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Leadership;

namespace DuckDuckGoose.Host.Tests.Support;

/// <summary>An <see cref="INodeLeadership"/> whose role a test sets; <see cref="Change"/> raises the event, <see cref="SetQuietly"/> does not (a missed transition).</summary>
public sealed class FakeLeadership(Member self) : INodeLeadership
{
    private readonly TaskCompletionSource<GooseLease> _never = new();
    private volatile State _state = new(NodeRole.Duck, 0, null);

    public event EventHandler<RoleChangedEventArgs>? RoleChanged;

    public Member Self { get; } = self;

    public NodeRole Role => _state.Role;

    public long Term => _state.Term;

    public Member? Goose => _state.Goose;

    public Task<GooseLease> WhenGooseAsync(CancellationToken cancellationToken) => _never.Task.WaitAsync(cancellationToken);

    public void SetQuietly(NodeRole role, long term, Member? goose = null) =>
        _state = new State(role, term, role == NodeRole.Goose ? Self : goose);

    public void Change(NodeRole role, long term, Member? goose = null)
    {
        var previous = _state.Role;
        SetQuietly(role, term, goose);
        RoleChanged?.Invoke(this, new RoleChangedEventArgs(role, previous, term, Goose));
    }

    private sealed record State(NodeRole Role, long Term, Member? Goose);
}
