using DuckDuckGoose.Contracts;
using DuckDuckGoose.Transports.Tests;

namespace DuckDuckGoose.Plugins.Tests;

/// <summary>With no faults listed, the drop-in plugin (loaded from its folder) is a full transport.</summary>
public sealed class FaultInjectionContractTests : TransportContractTests, IDisposable
{
    private readonly FaultsFileVariable _variable =
        new(Path.Combine(Path.GetTempPath(), $"duck-no-faults-{Guid.NewGuid():N}", "faults.json"));

    public void Dispose() => _variable.Dispose();

    protected override ITransport CreateTransport(TransportSetup context) =>
        PluginFolder.CreateTransport("FaultInjectionTransport", context);
}
