namespace DuckDuckGoose.Fuzz.Forgery;

/// <summary>What must stop a forgery.</summary>
public enum ForgeryGuard
{
    /// <summary>The node's own rules refuse it with or without a secret: another cluster's id, or a sender outside the configuration whose log is not ahead.</summary>
    Rules,

    /// <summary>
    /// Only a cluster secret can: Raft alone takes it (a Goose of a configuration the node has not learned, a
    /// candidate whose log is ahead, a member's id used by someone else; thesis §4.1), so without a secret it is
    /// sent only in the last phase, after the state check, and reported without failing the run.
    /// </summary>
    Secret,
}
