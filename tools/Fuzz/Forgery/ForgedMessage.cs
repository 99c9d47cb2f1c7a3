namespace DuckDuckGoose.Fuzz.Forgery;

/// <summary>A well-formed peer message that no member sent, ready to deliver.</summary>
/// <param name="Case">The forgery's name, such as <c>stranger-vote</c> or <c>replay</c>.</param>
/// <param name="Guard">What must stop it.</param>
/// <param name="Body">The JSON body, as a transport carries it.</param>
/// <param name="Legitimate">
/// True for the first delivery of a replay: a validly signed message of a real member, which may be taken;
/// only its repeat (the next input of the same case) is a forgery.
/// </param>
public sealed record ForgedMessage(string Case, ForgeryGuard Guard, byte[] Body, bool Legitimate = false);
