namespace DuckDuckGoose.LocalCluster;

/// <summary>How to start one node process.</summary>
/// <param name="Name">A short label for logs and messages, such as <c>n1</c> (not the node id).</param>
/// <param name="Port">The port the node listens on (setting <c>port</c>).</param>
/// <param name="DataDirectory">The node's data directory (setting <c>data</c>); kept across restarts.</param>
public sealed record NodeLaunch(string Name, int Port, string DataDirectory)
{
    /// <summary>The member to ask to join through (setting <c>join</c>), such as <c>localhost:4001</c>; null to bootstrap.</summary>
    public string? Join { get; init; }

    /// <summary>The port peers send to over a transport other than HTTP (setting <c>peer-port</c>), or null for none.</summary>
    public int? PeerPort { get; init; }

    /// <summary>Whether settings go on the command line or into <c>DUCK_*</c> environment variables.</summary>
    public NodeSettingsStyle Style { get; init; } = NodeSettingsStyle.CommandLine;

    /// <summary>More settings by their command-line name (such as <c>election-timeout-ms</c>), passed in <see cref="Style"/>.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// A niceness (1 to 19) the process runs at, through <c>nice</c>, or null for the caller's own: on one machine
    /// standing in for many, nodes whose start-up should not take the CPU from the others' heartbeats.
    /// </summary>
    public int? Nice { get; init; }

    /// <summary>Extra environment variables, passed as they are.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The host assembly to run, such as <see cref="CompositeHost.HostDll"/>; null for <see cref="HostLocation.HostDll"/>.</summary>
    public string? HostDll { get; init; }

    /// <summary>This launch with <paramref name="settings"/> added to (or replacing those of the same name in) <see cref="Settings"/>.</summary>
    public NodeLaunch WithSettings(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var merged = new Dictionary<string, string>(Settings);
        foreach (var (name, value) in settings)
        {
            merged[name] = value;
        }

        return this with { Settings = merged };
    }

    /// <summary>All settings of this launch by command-line name: port, data, join, peer-port and <see cref="Settings"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AllSettings()
    {
        var all = new List<KeyValuePair<string, string>>
        {
            new("port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("data", DataDirectory),
        };
        if (Join is not null)
        {
            all.Add(new("join", Join));
        }

        if (PeerPort is { } peerPort)
        {
            all.Add(new("peer-port", peerPort.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        all.AddRange(Settings);
        return all;
    }

    /// <summary>The environment variable the host reads a setting from: <c>election-timeout-ms</c> -> <c>DUCK_ELECTION_TIMEOUT_MS</c>.</summary>
    public static string EnvironmentName(string setting) =>
        "DUCK_" + setting.Replace('-', '_').ToUpperInvariant();
}
