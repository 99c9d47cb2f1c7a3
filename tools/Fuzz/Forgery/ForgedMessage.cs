using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Fuzz.Forgery;

/// <summary>A well-formed peer message that no member sent, ready to sign (or not) and deliver.</summary>
/// <param name="Case">The forgery's name, such as <c>stranger-vote</c> or <c>replay</c>.</param>
/// <param name="Guard">What must stop it.</param>
/// <param name="Message">The message, unsigned.</param>
public sealed record ForgedMessage(string Case, ForgeryGuard Guard, PeerMessage Message)
{
    /// <summary>How it is signed when it goes out.</summary>
    public ForgerySigning Signing { get; init; } = ForgerySigning.None;

    /// <summary>The node id the tag is made for; null: the node it is delivered to.</summary>
    public string? SignFor { get; init; }

    /// <summary>
    /// For a replay: how the first, legitimate delivery of the same signed bytes goes before this one
    /// (<c>same</c> transport or the <c>other</c>); null for a single delivery.
    /// </summary>
    public string? FirstDelivery { get; init; }
}
