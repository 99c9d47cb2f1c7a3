namespace DuckDuckGoose.Core;

/// <summary>Which way a membership command changes the configuration.</summary>
public enum MembershipChange
{
    /// <summary>Add a voting member.</summary>
    Add,

    /// <summary>Remove a voting member.</summary>
    Remove,
}
