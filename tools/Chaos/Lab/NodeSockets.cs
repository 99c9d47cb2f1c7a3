using System.Globalization;

namespace DuckDuckGoose.Chaos.Lab;

/// <summary>
/// Ends a node's TCP connections from inside its namespace with <c>ss -K</c> (the kernel's SOCK_DESTROY:
/// the application sees "connection aborted" at once). The delay line needs this to reset a relayed
/// connection on the node's side: the RST it sends from the bridge is judged invalid by the node's
/// conntrack and never translated back through the DNAT, so the node would only notice at its own request
/// timeout. A FIN does get through, so graceful closes need nothing of this.
/// </summary>
public static class NodeSockets
{
    /// <summary>
    /// Aborts node <paramref name="node"/>'s connections to <paramref name="peer"/>'s port from the local ports
    /// <paramref name="localPorts"/>; false when <c>ss -K</c> failed (a kernel without INET_DIAG_DESTROY).
    /// </summary>
    public static async Task<bool> AbortAsync(int node, int peer, IReadOnlyCollection<int> localPorts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(localPorts);
        if (localPorts.Count == 0)
        {
            return true;
        }

        var arguments = new List<string>
        {
            "netns", "exec", LabAddresses.NodeNamespace(node), "ss", "-K", "-tnH",
            "dst", LabAddresses.NodeAddress(peer), "dport", "=", LabAddresses.NodePort.ToString(CultureInfo.InvariantCulture), "(",
        };
        foreach (var (port, index) in localPorts.Select((p, i) => (p, i)))
        {
            if (index > 0)
            {
                arguments.Add("or");
            }

            arguments.AddRange(["sport", "=", ":" + port.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.Add(")");
        var result = await Command.RunAsync("ip", arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
        return result.Succeeded;
    }
}
