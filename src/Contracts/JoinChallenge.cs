namespace DuckDuckGoose.Contracts;

/// <summary>
/// What a Goose holding a cluster secret sends a node it is asked to add (<c>POST /raft/proof</c>): a fresh
/// random challenge the node must answer with tags only a holder of the secret can make.
/// </summary>
/// <param name="Goose">Node id of the Goose asking.</param>
/// <param name="Challenge">Base64 of 32 random bytes, new for every join.</param>
public sealed record JoinChallenge(string Goose, string Challenge);
