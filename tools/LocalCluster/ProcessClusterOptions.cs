namespace DuckDuckGoose.LocalCluster;

/// <summary>Settings of a <see cref="ProcessCluster"/>.</summary>
public sealed class ProcessClusterOptions
{
    /// <summary>Node settings given to every node (by command-line name, such as <c>election-timeout-ms</c>).</summary>
    public Dictionary<string, string> CommonSettings { get; init; } = [];

    /// <summary>Extra environment variables given to every node.</summary>
    public Dictionary<string, string> CommonEnvironment { get; init; } = [];

    /// <summary>Extra environment variables for one node, by its label (such as <c>n2</c>); added after <see cref="CommonEnvironment"/>.</summary>
    public Func<string, IReadOnlyDictionary<string, string>>? NodeEnvironment { get; init; }

    /// <summary>
    /// The host assembly every node runs, such as <see cref="CompositeHost.HostDll"/> after
    /// <see cref="CompositeHost.PublishAsync"/>; null for <see cref="HostLocation.HostDll"/> (the build next to this library's).
    /// </summary>
    public string? HostDll { get; init; }

    /// <summary>A niceness for the node of a given name (<see cref="NodeLaunch.Nice"/>), or null for none.</summary>
    public Func<string, int?>? NodeNice { get; init; }

    /// <summary>How long one <c>GET /status</c> may take before the node counts as not answering.</summary>
    public TimeSpan StatusTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often <see cref="ProcessCluster.WaitForAsync"/> looks again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Ports to try first, in order, before ports the operating system picks (such as 4001, 4002, 4003).</summary>
    public int? FirstPreferredPort { get; init; }

    /// <summary>
    /// The transport every node selects (setting <c>transport</c>), such as <c>zeromq</c>; null leaves the
    /// host's default (<c>http</c>). A transport that does not receive on the node's HTTP URL needs
    /// <see cref="PeerPorts"/>.
    /// </summary>
    public string? Transport { get; init; }

    /// <summary>
    /// Whether each node gets a second free loopback port of its own as its <c>peer-port</c>, so peers reach
    /// it at <c>tcp://127.0.0.1:{peer-port}</c> (the ZeroMQ transport); kept across restarts, like its port.
    /// </summary>
    public bool PeerPorts { get; init; }

    /// <summary>
    /// When set, every node runs on HTTPS with its own certificate from this CA and mutual TLS on the
    /// peer endpoint (settings tls-cert-file, tls-key-file, tls-ca-file), and the nodes' clients here
    /// (<see cref="NodeProcess.Api"/>) trust only this CA and present its client certificate.
    /// </summary>
    public ClusterCertificates? Certificates { get; init; }

    /// <summary>Where to put the cluster's folder (node data directories and logs); a fresh temp folder when null.</summary>
    public string? RootDirectory { get; init; }
}
