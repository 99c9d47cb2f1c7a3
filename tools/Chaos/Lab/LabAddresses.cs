using System.Globalization;

namespace DuckDuckGoose.Chaos.Lab;

/// <summary>
/// Names and addresses of the lab: one bridge namespace holding <c>br0</c> (the prober and the delay line
/// live there) and one namespace per node with a veth <c>eth0</c> on the bridge, all in 10.88.0.0/24 with
/// no default route, so nothing in the lab reaches beyond it. Every name starts with <see cref="Prefix"/>,
/// which is how leftovers of a crashed run are found. Interface names stay within Linux's 15 characters.
/// </summary>
public static class LabAddresses
{
    /// <summary>What every namespace of the lab is named with.</summary>
    public const string Prefix = "ddgc-";

    /// <summary>The bridge namespace.</summary>
    public const string BridgeNamespace = "ddgc-br";

    /// <summary>The bridge inside it.</summary>
    public const string Bridge = "br0";

    /// <summary>The bridge's address: the prober's source and the delay line's listening address.</summary>
    public const string BridgeAddress = "10.88.0.254";

    /// <summary>The subnet's prefix length.</summary>
    public const int PrefixLength = 24;

    /// <summary>The port every node listens on (each has its own address).</summary>
    public const int NodePort = 4001;

    /// <summary>The first delay-line port; below the kernel's ephemeral range, so the prober's own connections never take one.</summary>
    public const int DelayLineBasePort = 20000;

    /// <summary>The namespace of node <paramref name="node"/> (0 is <c>ddgc-n1</c>).</summary>
    public static string NodeNamespace(int node) => Prefix + NodeName(node);

    /// <summary>The node's label and id, such as <c>n1</c>.</summary>
    public static string NodeName(int node) => "n" + (node + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>The node's address, 10.88.0.(node+1).</summary>
    public static string NodeAddress(int node) => "10.88.0." + (node + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>The node's base URL.</summary>
    public static Uri NodeUrl(int node) => new($"http://{NodeAddress(node)}:{NodePort}");

    /// <summary>The bridge-side end of the node's veth pair, such as <c>v-n1</c>.</summary>
    public static string BridgePort(int node) => "v-" + NodeName(node);

    /// <summary>The delay-line port that carries connections <paramref name="from"/> opens to <paramref name="to"/>.</summary>
    public static int DelayLinePort(int from, int to) => DelayLineBasePort + (100 * (from + 1)) + to + 1;
}
