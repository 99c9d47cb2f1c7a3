namespace DuckDuckGoose.Chaos.Lab;

/// <summary>
/// Whether this machine can run the suite: Linux, root, <c>ip netns</c> that can make a namespace, and
/// <c>nft</c> able to load the rules the suite uses (filter and nat hooks, conntrack, reject). Tried for real
/// in a scratch namespace, because "installed" is not "works" (a container may forbid namespaces, a kernel
/// may lack nf_nat). <see cref="NamespaceSkipReasonAsync"/> checks the part a lab without faults needs.
/// </summary>
public static class Preflight
{
    private const string Scratch = LabAddresses.Prefix + "check";

    // The same shapes of rule the lab loads (NftRuleset), on made-up addresses.
    private static readonly string ProbeRuleset = NftRuleset.Render(
        0,
        Faults.FaultState.Of(3, [
            new Faults.Fault(1, Faults.FaultKind.OneWayCut, [0, 1], [new Faults.Link(0, 1)], [], null, 1),
            new Faults.Fault(2, Faults.FaultKind.Delay, [0, 2], [], [new Faults.Link(0, 2)], new Faults.LinkImpairment(1, 0), 1),
        ]));

    /// <summary>Why the suite cannot run here, or null when it can.</summary>
    public static async Task<string?> SkipReasonAsync(CancellationToken cancellationToken)
    {
        if (await NamespaceSkipReasonAsync("the chaos suite", cancellationToken).ConfigureAwait(false) is { } reason)
        {
            return reason;
        }

        if (Command.Find("nft") is null)
        {
            return "`nft` is not installed (apt-get install nftables)";
        }

        await Command.RunAsync("ip", ["netns", "del", Scratch], cancellationToken: cancellationToken).ConfigureAwait(false);
        await Command.CheckAsync("ip", ["netns", "add", Scratch], cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            var nft = await Command.RunAsync("ip", ["netns", "exec", Scratch, "nft", "-f", "-"], ProbeRuleset, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return nft.Succeeded ? null : $"nft cannot load the rules the suite needs (filter, nat, conntrack, reject): {nft.Error.Trim()}";
        }
        finally
        {
            await Command.RunAsync("ip", ["netns", "del", Scratch], cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Why <paramref name="what"/> cannot build the lab's namespaces here (no nftables needed: the lab without
    /// faults), or null when it can: Linux, root, and an <c>ip netns add</c> that works.
    /// </summary>
    public static async Task<string?> NamespaceSkipReasonAsync(string what, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            return $"{what} needs Linux network namespaces";
        }

        if (NativeMethods.GetEffectiveUserId() != 0)
        {
            return $"not running as root ({what} creates network namespaces)";
        }

        if (Command.Find("ip") is null)
        {
            return "`ip` (iproute2) is not installed";
        }

        await Command.RunAsync("ip", ["netns", "del", Scratch], cancellationToken: cancellationToken).ConfigureAwait(false);
        var add = await Command.RunAsync("ip", ["netns", "add", Scratch], cancellationToken: cancellationToken).ConfigureAwait(false);
        await Command.RunAsync("ip", ["netns", "del", Scratch], cancellationToken: CancellationToken.None).ConfigureAwait(false);
        return add.Succeeded ? null : $"`ip netns add` does not work here: {add.Error.Trim()}";
    }
}
