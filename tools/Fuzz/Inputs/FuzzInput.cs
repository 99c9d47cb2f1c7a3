using DuckDuckGoose.Fuzz.Forgery;

namespace DuckDuckGoose.Fuzz.Inputs;

/// <summary>One input, fully decided by the seed and its index before anything is sent.</summary>
/// <param name="Index">Its position in the run (0-based).</param>
/// <param name="Category">What it is, for the report.</param>
/// <param name="Node">Which node it goes to (0-based, in start order).</param>
/// <param name="Kind">How it is delivered.</param>
/// <param name="Description">A short name of the generator that made it, for logs.</param>
public sealed record FuzzInput(long Index, FuzzCategory Category, int Node, InputKind Kind, string Description)
{
    /// <summary>HTTP method (<see cref="InputKind.Http"/>).</summary>
    public string Method { get; init; } = "GET";

    /// <summary>Path and query, starting with <c>/</c> (<see cref="InputKind.Http"/>).</summary>
    public string Path { get; init; } = "/";

    /// <summary>The body's Content-Type, or null for none (<see cref="InputKind.Http"/>).</summary>
    public string? ContentType { get; init; }

    /// <summary>Request headers added without validation (<see cref="InputKind.Http"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The body (<see cref="InputKind.Http"/>), the bytes (raw kinds), or null.</summary>
    public byte[]? Body { get; init; }

    /// <summary>The frames of a <see cref="InputKind.ZeroMqMessage"/>.</summary>
    public IReadOnlyList<byte[]>? Frames { get; init; }

    /// <summary>The correlation id in the header frame when the node is expected to answer (a well-formed request), else null.</summary>
    public ulong? Correlation { get; init; }

    /// <summary>The forgery this input carries, or null for junk.</summary>
    public ForgedMessage? Forgery { get; init; }
}
