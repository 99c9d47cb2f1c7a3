using DuckDuckGoose.Contracts;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>
/// A transport the end-to-end cluster tests run over: the name nodes select, the fault-injecting test
/// plugin that wraps it for partitions, and whether nodes need a peer port (peers reach them at
/// <c>tcp://127.0.0.1:{peer-port}</c> rather than at their HTTP URL).
/// </summary>
/// <param name="Name">The transport setting, such as <c>zeromq</c>.</param>
/// <param name="FaultyName">The transport setting of its fault-injecting twin in tests/TestPlugins, such as <c>faulty-zeromq</c>.</param>
/// <param name="PeerPorts">Whether each node gets its own peer port.</param>
/// <param name="Curve">Whether each node encrypts its peer port with ZeroMQ CURVE (<c>DUCK_ZMQ_CURVE=true</c>, key file in its data directory).</param>
internal sealed record ClusterTransport(string Name, string FaultyName, bool PeerPorts, bool Curve = false)
{
    /// <summary>Peer messages over HTTP on each node's own URL (the host's default).</summary>
    public static readonly ClusterTransport Http = new("http", "faulty-http", PeerPorts: false);

    /// <summary>Peer messages as ZeroMQ frames on each node's peer port; the admin API stays on HTTP.</summary>
    public static readonly ClusterTransport ZeroMq = new("zeromq", "faulty-zeromq", PeerPorts: true);

    /// <summary>ZeroMQ with CURVE: each node advertises <c>tcp://127.0.0.1:{peer-port}?curve={public key}</c>.</summary>
    public static readonly ClusterTransport ZeroMqCurve = new("zeromq", "faulty-zeromq", PeerPorts: true, Curve: true);

    /// <summary>
    /// A cluster whose nodes select this transport (or its faulty twin, loaded from the test's plugin
    /// folder, when <paramref name="faulty"/>), each with a peer port when the transport needs one.
    /// </summary>
    public ProcessCluster NewCluster(
        bool faulty = false,
        string? rootDirectory = null,
        Func<string, IReadOnlyDictionary<string, string>>? nodeEnvironment = null)
    {
        var options = new ProcessClusterOptions
        {
            RootDirectory = rootDirectory,
            StatusTimeout = TimeSpan.FromSeconds(2),
            Transport = faulty ? FaultyName : Name,
            PeerPorts = PeerPorts,
            NodeEnvironment = nodeEnvironment,
        };
        if (Curve)
        {
            options.CommonEnvironment["DUCK_ZMQ_CURVE"] = "true";
        }

        if (faulty)
        {
            // The test's own plugin folder: the bundled plugins plus the fault-injecting transports.
            options.CommonSettings["plugins"] = Path.Combine(AppContext.BaseDirectory, "plugins");
        }

        return EndToEnd.NewCluster(options);
    }

    /// <summary>Whether <paramref name="member"/> is advertised the way this transport reaches it.</summary>
    public bool Advertises(Member member) =>
        PeerPorts
            ? member.Peer is { } peer && peer.StartsWith("tcp://127.0.0.1:", StringComparison.Ordinal) && member.PeerAddress == peer
                && Curve == System.Text.RegularExpressions.Regex.IsMatch(peer, "\\?curve=[0-9a-f]{64}$")
            : member.Peer is null && member.PeerAddress == member.Url;

    /// <inheritdoc />
    public override string ToString() => Curve ? $"{Name}+curve" : Name;
}
