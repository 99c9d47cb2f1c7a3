using System.Text;
using DuckDuckGoose.Chaos.Faults;

namespace DuckDuckGoose.Chaos.Lab;

/// <summary>
/// The nftables table one node's namespace gets for a <see cref="FaultState"/>; the whole table is
/// replaced in one transaction on every change, so a change is atomic and nothing stale is left.
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

        var drop = cutTo.Count == 0 ? "" : $"      meta l4proto tcp ct original ip daddr {{ {string.Join(", ", cutTo)} }} drop\n";
        var text = new StringBuilder();

        // "table; delete table; table {…}" is nft's idiom for replacing a table that may not exist yet.
        text.Append("table ip ").Append(Table).Append('\n');
        text.Append("delete table ip ").Append(Table).Append('\n');
        text.Append("table ip ").Append(Table).Append(" {\n");
        text.Append("  chain input {\n    type filter hook input priority 0; policy accept;\n").Append(drop).Append("  }\n");
        text.Append("  chain output {\n    type filter hook output priority 0; policy accept;\n").Append(drop);
        foreach (var to in slowTo)
        {
            text.Append($"      ip daddr {LabAddresses.NodeAddress(to)} tcp dport {LabAddresses.NodePort} reject with tcp reset\n");
        }

        text.Append("  }\n");
        text.Append("  chain nat_output {\n    type nat hook output priority -100; policy accept;\n");
        foreach (var to in slowTo)
        {
            text.Append($"      ip daddr {LabAddresses.NodeAddress(to)} tcp dport {LabAddresses.NodePort} dnat to {LabAddresses.BridgeAddress}:{LabAddresses.DelayLinePort(node, to)}\n");
        }

        text.Append("  }\n}\n");
        return text.ToString();
    }
}
