using DuckDuckGoose.Host.Node;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace DuckDuckGoose.Host.Tests.Support;

/// <summary>
/// Runs the real host (Program) in-process on a test server, with node settings passed the way the
/// host reads them (as command-line switches) and a <see cref="FakeTimeProvider"/> for the node's clock.
/// </summary>
public sealed class NodeFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public NodeFactory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        _settings = settings;
        _services = services;
    }

    public FakeTimeProvider Time { get; } = new();

    public NodeActor Node => Services.GetRequiredService<NodeActor>();

    protected override IHost CreateHost(IHostBuilder builder)
    {
        // Host configuration reaches a minimal-API Program as command-line arguments.
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
        return base.CreateHost(builder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            _services?.Invoke(services);
        });
    }
}
