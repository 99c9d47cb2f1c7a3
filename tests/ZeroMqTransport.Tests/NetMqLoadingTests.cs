using System.Reflection;
using System.Runtime.Loader;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.TransportContract;
using Microsoft.Extensions.Logging.Abstractions;

namespace DuckDuckGoose.Transports.Tests;

/// <summary>
/// A node on another transport still constructs this one (the router keeps it for peers at tcp:// addresses),
/// so constructing it, naming it and asking what it reaches must not load NetMQ and its dependencies. Each
/// test loads the transport in a fresh load context, as the host loads a plugin, and looks at what that
/// context loaded.
/// </summary>
public sealed class NetMqLoadingTests
{
    [Fact]
    public async Task Constructing_naming_and_asking_what_it_reaches_loads_no_NetMQ()
    {
        var context = new PluginContext();
        var transport = Create(context, "http://127.0.0.1:1");

        Assert.Equal("zeromq", transport.Name);
        Assert.True(transport.CanReach("tcp://127.0.0.1:5001"));
        Assert.False(transport.CanReach("http://127.0.0.1:5001"));
        await transport.DisposeAsync();

        Assert.Contains("ZeroMqTransport", context.Loaded());
        Assert.DoesNotContain("NetMQ", context.Loaded());
    }

    [Fact]
    public async Task Starting_with_an_address_of_another_scheme_loads_no_NetMQ()
    {
        var context = new PluginContext();
        var transport = Create(context, "http://127.0.0.1:1");

        await transport.StartAsync(new ContractPeerHandler("client"), CancellationToken.None);
        await transport.DisposeAsync();

        Assert.DoesNotContain("NetMQ", context.Loaded());
    }

    [Fact]
    public async Task The_first_send_to_a_tcp_peer_loads_NetMQ()
    {
        var context = new PluginContext();
        var transport = Create(context, "http://127.0.0.1:1");

        // Nothing listens on port 1: the request is lost after the (short) request timeout.
        await Assert.ThrowsAsync<TransportException>(() => transport.SendAsync(
            new Member("p1", "tcp://127.0.0.1:1"), new VoteRequest("client", 1, 0, 0, false), CancellationToken.None));
        await transport.DisposeAsync();

        Assert.Contains("NetMQ", context.Loaded());
    }

    private static ITransport Create(PluginContext context, string self)
    {
        var type = context.LoadFromAssemblyName(new AssemblyName("ZeroMqTransport")).GetType(typeof(ZeroMqTransport).FullName!, throwOnError: true)!;
        var logger = Activator.CreateInstance(typeof(NullLogger<>).MakeGenericType(type))!;
        var setup = new TransportSetup(new Member("client", self), TimeSpan.FromMilliseconds(50));
        return (ITransport)Activator.CreateInstance(type, setup, logger)!;
    }

    /// <summary>The plugin and what only it uses load here; everything else (Contracts, logging) is shared with the default context.</summary>
    private sealed class PluginContext() : AssemblyLoadContext("ZeroMqTransport plugin")
    {
        private static readonly string[] Private = ["ZeroMqTransport", "NetMQ", "AsyncIO", "NaCl"];

        public string?[] Loaded() => Assemblies.Select(a => a.GetName().Name).ToArray();

        protected override Assembly? Load(AssemblyName assemblyName) =>
            Private.Contains(assemblyName.Name)
                ? LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, assemblyName.Name + ".dll"))
                : null;
    }
}
