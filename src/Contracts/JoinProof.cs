namespace DuckDuckGoose.Contracts;

/// <summary>
/// A node's answer to a <see cref="JoinChallenge"/>: who it is, where it is reached, and an HMAC-SHA256
/// tag per cluster secret it holds over the challenge, the asking Goose and these three values, so the
/// answer proves the secret for exactly this node at exactly these addresses.
/// </summary>
/// <param name="Id">The answering node's id.</param>
/// <param name="Url">Its advertised HTTP URL.</param>
/// <param name="Peer">Its peer address when not its URL, or null.</param>
/// <param name="Tags">Base64 tags, one per secret it holds.</param>
public sealed record JoinProof(string Id, string Url, string? Peer, IReadOnlyList<string> Tags);
