namespace DuckDuckGoose.Core;

/// <summary>What became of a membership change or a hand-over (<see cref="CommandResult.Outcome"/>).</summary>
public enum MembershipOutcome
{
    /// <summary>The change is committed (or was already in force).</summary>
    Done,

    /// <summary>This node is not the Goose; ask the Goose named in the reply.</summary>
    NotGoose,

    /// <summary>Another change is in flight, or the new Goose has not committed in its term yet; retry shortly.</summary>
    Busy,

    /// <summary>The request is invalid (for example an id already used by another URL).</summary>
    Rejected,
}
