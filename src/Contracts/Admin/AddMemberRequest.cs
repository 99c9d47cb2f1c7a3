namespace DuckDuckGoose.Contracts;

/// <summary>The body of <c>POST /cluster/members</c>: the node to add.</summary>
/// <param name="Id">Its node id (A-Z a-z 0-9 . _ -, at most 64 characters).</param>
/// <param name="Url">The absolute http(s) URL it listens on.</param>
public sealed record AddMemberRequest(string Id, string Url);
