using DuckDuckGoose.Fuzz.Forgery;

namespace DuckDuckGoose.Fuzz.Inputs;

/// <summary>What an <see cref="InputGenerator"/> aims at.</summary>
/// <param name="NodeCount">How many nodes there are.</param>
/// <param name="MemberIds">Their node ids, in start order.</param>
/// <param name="Endpoints">The HTTP operations from the OpenAPI document.</param>
/// <param name="AdminToken">The cluster's admin token.</param>
/// <param name="Http">Whether the HTTP peer endpoint is fuzzed.</param>
/// <param name="ZeroMq">Whether the ZeroMQ port is fuzzed.</param>
/// <param name="Forgeries">Where forged messages come from.</param>
public sealed record InputPlan(
    int NodeCount,
    IReadOnlyList<string> MemberIds,
    IReadOnlyList<HttpEndpoint> Endpoints,
    string AdminToken,
    bool Http,
    bool ZeroMq,
    ForgerySource Forgeries);
