using System.Text;
using DuckDuckGoose.Chaos.Faults;

namespace DuckDuckGoose.Chaos.Lab;

/// <summary>
/// The nftables rules one node's namespace gets for a <see cref="FaultState"/>; every change replaces all
/// of them in one transaction, so a change is atomic and nothing stale is left.
/// <list type="bullet">
/// <item>A cut link n→m: <c>meta l4proto tcp ct original ip daddr m drop</c> in both the input and output
/// hooks of n's namespace drops every packet of every connection n opened to m (its requests and m's
/// replies), whatever the ports, while connections m opens to n are untouched (their original destination is
/// n). Matching on the connection's original destination also catches connections sent through the delay
/// line, whose packets are NATed to the bridge.</item>
/// <item>A slowed link n→m: a nat output rule sends n's new connections to m:4001 to the delay line's port for
/// n→m on the bridge instead (DNAT), and a reject rule resets n's connections to m that were opened
/// directly before the fault (after DNAT a packet of a new connection no longer has m as its destination, so
/// only those old ones match), so the node reconnects through the delay line at once.</item>
/// </list>
/// </summary>
public static class NftRuleset
{
    /// <summary>The table's name in each node namespace.</summary>
    public const string Table = "ddgc";

    /// <summary>The <c>nft -f -</c> script that makes node <paramref name="node"/>'s table what <paramref name="state"/> asks for.</summary>
    public static string Render(int node, FaultState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var cutTo = state.Cuts.Where(l => l.From == node).Select(l => l.To).Order().Select(LabAddresses.NodeAddress).ToList();
        var slowTo = state.Slow.Keys.Where(l => l.From == node).Select(l => l.To).Order().ToList();
        var text = new StringBuilder();

        // The table and its chains are created once ("add" leaves existing ones alone) and only their rules
        // are replaced, all in one transaction. Deleting the table instead would unregister the nat hook,
        // and the kernel then forgets the NAT bindings of open connections: a healed link's relayed
        // connections would no longer get the delay line's reset, and would hang until their own timeouts.
        text.Append($"add table ip {Table}\n");
        text.Append($"add chain ip {Table} input {{ type filter hook input priority 0; policy accept; }}\n");
        text.Append($"add chain ip {Table} output {{ type filter hook output priority 0; policy accept; }}\n");
        text.Append($"add chain ip {Table} nat_output {{ type nat hook output priority -100; policy accept; }}\n");
        text.Append($"flush chain ip {Table} input\n");
        text.Append($"flush chain ip {Table} output\n");
        text.Append($"flush chain ip {Table} nat_output\n");
        // Always a rule that uses conntrack, even with no fault in force: without one the kernel tracks no
        // connection in the namespace, and a connection opened meanwhile is picked up mid-stream once a cut
        // loads a ct rule, with whichever side's packet came first as its originator. A cut n→m would then
        // miss n's connection to m whenever m's reply happened to be seen first (a heal run showed exactly
        // that: a cut-off Goose kept one follower). Flushed and re-added in one transaction, it never lapses.
        text.Append($"add rule ip {Table} input ct state invalid counter\n");
        if (cutTo.Count > 0)
        {
            var drop = $"meta l4proto tcp ct original ip daddr {{ {string.Join(", ", cutTo)} }} drop";
            text.Append($"add rule ip {Table} input {drop}\n");
            text.Append($"add rule ip {Table} output {drop}\n");
        }

        // A backstop for a relayed connection the delay line could not end on the node's side (NodeSockets):
        // once its link is healed, the node's next packet on it is answered with a reset.
        foreach (var to in Enumerable.Range(0, state.NodeCount).Where(j => j != node && !slowTo.Contains(j)))
        {
            text.Append($"add rule ip {Table} output ip daddr {LabAddresses.BridgeAddress} tcp dport {LabAddresses.DelayLinePort(node, to)} reject with tcp reset\n");
        }

        foreach (var to in slowTo)
        {
            var peer = $"ip daddr {LabAddresses.NodeAddress(to)} tcp dport {LabAddresses.NodePort}";
            text.Append($"add rule ip {Table} output {peer} reject with tcp reset\n");
            text.Append($"add rule ip {Table} nat_output {peer} dnat to {LabAddresses.BridgeAddress}:{LabAddresses.DelayLinePort(node, to)}\n");
        }

        return text.ToString();
    }
}
