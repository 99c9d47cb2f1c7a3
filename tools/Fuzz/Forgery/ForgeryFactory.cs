using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Fuzz.Forgery;

/// <summary>
/// Builds well-formed peer messages that no member sent, aimed at one node. Every message is valid JSON of a
/// valid request, so the node's parser and validator let it through and only its identity rules (the cluster
/// id, the configuration, and with a secret the tag) can stop it.
/// </summary>
public sealed class ForgeryFactory
{
    private readonly ClusterFacts _facts;

    /// <summary>A factory for forgeries against the cluster described by <paramref name="facts"/>.</summary>
    public ForgeryFactory(ClusterFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        _facts = facts;
    }

    /// <summary>The forgeries the node's rules refuse with or without a secret.</summary>
    public static IReadOnlyList<string> RuleCases { get; } =
    [
        "stranger-vote", "stranger-prevote", "stranger-transfer-vote", "stranger-vote-no-cluster", "stranger-timeout-now",
        "foreign-cluster-vote", "foreign-cluster-append", "foreign-cluster-timeout-now",
    ];

    /// <summary>The forgeries only a cluster secret refuses (Raft alone takes them).</summary>
    public static IReadOnlyList<string> SecretCases { get; } =
    [
        "stranger-append", "stranger-append-no-cluster", "stranger-vote-log-ahead", "impersonated-member-vote", "impersonated-goose-append",
        "impersonated-goose-timeout-now",
    ];

    /// <summary>
    /// The forgeries that need the cluster's secret to make: <c>replay</c> (a member's harmless pre-vote signed
    /// once, delivered once legitimately, then again), <c>replay-across-transports</c> (the first delivery over
    /// the other transport), <c>re-addressed</c> (signed for another member), and <c>wrong-secret</c> (any
    /// other case signed with a secret the cluster does not hold).
    /// </summary>
    public static IReadOnlyList<string> SignedCases { get; } = ["replay", "replay-across-transports", "re-addressed", "wrong-secret"];

    /// <summary>A forgery of case <paramref name="name"/> for the node <paramref name="targetId"/>, its numbers drawn from <paramref name="random"/>.</summary>
    public ForgedMessage Create(string name, string targetId, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        switch (name)
        {
            case "replay" or "replay-across-transports":
                return new ForgedMessage(name, ForgeryGuard.Secret, HarmlessFromMember(targetId, random))
                {
                    Signing = ForgerySigning.ClusterSecret,
                    FirstDelivery = name == "replay" ? "same" : "other",
                };
            case "re-addressed":
                var other = _facts.MemberIds.Where(id => id != targetId).ToList();
                return new ForgedMessage(name, ForgeryGuard.Secret, HarmlessFromMember(targetId, random))
                {
                    Signing = ForgerySigning.ClusterSecret,
                    SignFor = other[random.Next(other.Count)],
                };
            case "wrong-secret":
                string[] unsigned = [.. RuleCases, .. SecretCases];
                var inner = Create(unsigned[random.Next(unsigned.Length)], targetId, random);
                return inner with { Case = "wrong-secret:" + inner.Case, Guard = ForgeryGuard.Secret, Signing = ForgerySigning.WrongSecret };
        }

        var guard = SecretCases.Contains(name) ? ForgeryGuard.Secret : ForgeryGuard.Rules;
        return new ForgedMessage(name, guard, Message(name, targetId, random));
    }

    /// <summary>
    /// What a real member could send without changing anything even when taken: a pre-vote (thesis §9.6: it
    /// changes no state on the receiver) whose log is behind every node's, so it is never granted.
    /// </summary>
    private VoteRequest HarmlessFromMember(string targetId, Random random)
    {
        var members = _facts.MemberIds.Where(id => id != targetId).ToList();
        return new VoteRequest(members[random.Next(members.Count)], _facts.Term + 1, 0, 0, PreVote: true) { Cluster = _facts.ClusterId };
    }

    /// <summary>The message of case <paramref name="name"/>, unsigned.</summary>
    public PeerMessage Message(string name, string targetId, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var stranger = "stranger-" + random.Next(1_000_000).ToString("x5", System.Globalization.CultureInfo.InvariantCulture);
        var foreign = "foreign-" + random.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        var higher = HigherTerm(random);
        var otherMember = _facts.MemberIds.FirstOrDefault(id => id != targetId && id != _facts.GooseId) ?? _facts.GooseId;
        // A last log term of 0 is behind every node of a running cluster, whatever the index.
        var behind = random.Next(2) == 0 ? 0 : _facts.LastLogIndex + random.Next(1000);
        var ahead = _facts.LastLogIndex + 1 + random.Next(1000);
        return name switch
        {
            "stranger-vote" => new VoteRequest(stranger, higher, behind, 0, PreVote: false) { Cluster = _facts.ClusterId },
            "stranger-prevote" => new VoteRequest(stranger, higher, behind, 0, PreVote: true) { Cluster = _facts.ClusterId },
            "stranger-transfer-vote" => new VoteRequest(stranger, higher, behind, 0, PreVote: false, Transfer: true) { Cluster = _facts.ClusterId },
            "stranger-vote-no-cluster" => new VoteRequest(stranger, higher, behind, 0, PreVote: false),
            "stranger-timeout-now" => new TimeoutNowRequest(stranger, random.Next(2) == 0 ? _facts.Term : higher, _facts.LastLogIndex) { Cluster = _facts.ClusterId },
            "foreign-cluster-vote" => new VoteRequest(otherMember, higher, ahead, higher, PreVote: false) { Cluster = foreign },
            "foreign-cluster-append" => Heartbeat(_facts.GooseId, higher) with { Cluster = foreign },
            "foreign-cluster-timeout-now" => new TimeoutNowRequest(_facts.GooseId, _facts.Term, _facts.LastLogIndex) { Cluster = foreign },
            "stranger-append" => Heartbeat(stranger, higher) with { Cluster = _facts.ClusterId },
            "stranger-append-no-cluster" => Heartbeat(stranger, higher),
            "stranger-vote-log-ahead" => new VoteRequest(stranger, higher, ahead, higher - 1, PreVote: false) { Cluster = _facts.ClusterId },
            "impersonated-member-vote" => new VoteRequest(otherMember, higher, ahead, higher - 1, PreVote: false) { Cluster = _facts.ClusterId },
            "impersonated-goose-append" => Heartbeat(_facts.GooseId, _facts.Term) with { Cluster = _facts.ClusterId },
            "impersonated-goose-timeout-now" => new TimeoutNowRequest(_facts.GooseId, _facts.Term, _facts.LastLogIndex) { Cluster = _facts.ClusterId },
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a forgery case"),
        };
    }

    /// <summary>A term above the cluster's: just above, far above, or near the largest a node could hold.</summary>
    private long HigherTerm(Random random) => random.Next(4) switch
    {
        0 => _facts.Term + 1,
        1 => _facts.Term + 1 + random.Next(1000),
        2 => _facts.Term + 1_000_000,
        _ => long.MaxValue / 2 - random.Next(1000),
    };

    private AppendRequest Heartbeat(string from, long term) =>
        new(from, term, Round: 1, PrevLogIndex: _facts.LastLogIndex, PrevLogTerm: _facts.Term, Entries: [], CommitIndex: _facts.LastLogIndex, Snapshot: null);
}
