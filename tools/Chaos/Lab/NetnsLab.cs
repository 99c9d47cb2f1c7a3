using System.Globalization;

namespace DuckDuckGoose.Chaos.Lab;

/// <summary>
/// Builds and removes the lab's network namespaces (<see cref="LabAddresses"/>). Removing kills every
/// process still inside a lab namespace first (node hosts, a stopped one included, and the controller), so
/// nothing of a run outlives it; at start, the same removal clears what a crashed run left.
/// </summary>
public sealed class NetnsLab
{
    private readonly int _nodeCount;
    private readonly TextWriter _log;

    /// <summary>A lab for <paramref name="nodeCount"/> nodes, logging what it does to <paramref name="log"/>.</summary>
    public NetnsLab(int nodeCount, TextWriter log)
    {
        _nodeCount = nodeCount;
        _log = log;
    }

    /// <summary>Namespaces whose name starts with <see cref="LabAddresses.Prefix"/>.</summary>
    public static async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        var output = await Command.CheckAsync("ip", ["netns", "list"], cancellationToken: cancellationToken).ConfigureAwait(false);

        // Lines look like "ddgc-n1 (id: 3)" or just "ddgc-n1".
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')[0])
            .Where(name => name.StartsWith(LabAddresses.Prefix, StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>Kills every process in a lab namespace (SIGKILL, which also ends a stopped one), then deletes the namespaces.</summary>
    public static async Task RemoveAllAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var names = await ListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in names)
        {
            var pids = await Command.RunAsync("ip", ["netns", "pids", name], cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var pid in pids.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id != Environment.ProcessId)
                {
                    NativeMethods.Signal(id, NativeMethods.SigKill);
                }
            }
        }

        foreach (var name in names)
        {
            // A process just killed may hold the namespace a moment longer; deleting the name is enough either way.
            var deleted = await Command.RunAsync("ip", ["netns", "del", name], cancellationToken: cancellationToken).ConfigureAwait(false);
            await log.WriteLineAsync(deleted.Succeeded ? $"removed namespace {name}" : $"could not remove namespace {name}: {deleted.Error.Trim()}")
                .ConfigureAwait(false);
        }
    }

    /// <summary>Creates the bridge namespace and one namespace per node, wired to the bridge, loopback up, no default route.</summary>
    public async Task BuildAsync(CancellationToken cancellationToken)
    {
        const string br = LabAddresses.BridgeNamespace;
        await Ip(cancellationToken, "netns", "add", br).ConfigureAwait(false);
        await Ip(cancellationToken, "-n", br, "link", "set", "lo", "up").ConfigureAwait(false);
        await Ip(cancellationToken, "-n", br, "link", "add", LabAddresses.Bridge, "type", "bridge").ConfigureAwait(false);
        await Ip(cancellationToken, "-n", br, "addr", "add", $"{LabAddresses.BridgeAddress}/{LabAddresses.PrefixLength}", "dev", LabAddresses.Bridge).ConfigureAwait(false);
        await Ip(cancellationToken, "-n", br, "link", "set", LabAddresses.Bridge, "up").ConfigureAwait(false);
        for (var node = 0; node < _nodeCount; node++)
        {
            var ns = LabAddresses.NodeNamespace(node);
            var port = LabAddresses.BridgePort(node);
            await Ip(cancellationToken, "netns", "add", ns).ConfigureAwait(false);
            await Ip(cancellationToken, "-n", ns, "link", "set", "lo", "up").ConfigureAwait(false);
            await Ip(cancellationToken, "-n", br, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns).ConfigureAwait(false);
            await Ip(cancellationToken, "-n", br, "link", "set", port, "master", LabAddresses.Bridge, "up").ConfigureAwait(false);
            await Ip(cancellationToken, "-n", ns, "addr", "add", $"{LabAddresses.NodeAddress(node)}/{LabAddresses.PrefixLength}", "dev", "eth0").ConfigureAwait(false);
            await Ip(cancellationToken, "-n", ns, "link", "set", "eth0", "up").ConfigureAwait(false);
        }

        await _log.WriteLineAsync($"lab: namespace {br} (bridge {LabAddresses.Bridge} {LabAddresses.BridgeAddress}/{LabAddresses.PrefixLength}) and "
                                  + string.Join(", ", Enumerable.Range(0, _nodeCount).Select(n => $"{LabAddresses.NodeNamespace(n)} ({LabAddresses.NodeAddress(n)})")))
            .ConfigureAwait(false);
    }

    private static Task<string> Ip(CancellationToken cancellationToken, params string[] arguments) =>
        Command.CheckAsync("ip", arguments, cancellationToken: cancellationToken);
}
