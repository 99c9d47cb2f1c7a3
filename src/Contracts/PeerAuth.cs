namespace DuckDuckGoose.Contracts;

/// <summary>
/// A peer message's proof of origin when the cluster has a secret: who it is for, when and in which
/// order its sender made it, and an HMAC-SHA256 tag per secret the sender holds. The tag covers this
/// record's other fields, the message's cluster id and sender, and the message itself (its JSON without
/// <c>auth</c>), so a changed, re-addressed or replayed message does not verify.
/// </summary>
/// <param name="To">Node id of the receiver the sender meant.</param>
/// <param name="Ts">The sender's wall clock when it signed, in Unix milliseconds.</param>
/// <param name="Epoch">A random id of the sender's process, new at every start.</param>
/// <param name="Seq">The sender's message counter within <paramref name="Epoch"/>, from 1, never repeated.</param>
/// <param name="Tags">Base64 HMAC-SHA256 tags, one per cluster secret the sender holds (two while one is rotated).</param>
public sealed record PeerAuth(string To, long Ts, string Epoch, long Seq, IReadOnlyList<string> Tags);
