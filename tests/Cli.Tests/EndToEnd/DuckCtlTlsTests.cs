using DuckDuckGoose.Cli.Tests.Support;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Cli.Tests.EndToEnd;

/// <summary>
/// duckctl and a real node serving HTTPS with a certificate from a CA made for this test: trusted with
/// <c>--ca-file</c>, refused (exit 3, a TLS failure) without it, since the operating system does not know that CA.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DuckCtlTlsTests : IAsyncLifetime
{
    private readonly ProcessCluster _cluster;
    private readonly ClusterCertificates _certificates;

    public DuckCtlTlsTests()
    {
        var folder = Path.Combine(Path.GetTempPath(), "duckctl-tls-" + Guid.NewGuid().ToString("N")[..8]);
        _certificates = ClusterCertificates.Create(Path.Combine(folder, "tls"));
        _cluster = new ProcessCluster(new ProcessClusterOptions
        {
            StatusTimeout = TimeSpan.FromSeconds(2),
            RootDirectory = folder,
            Certificates = _certificates,
        });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task An_https_node_is_trusted_with_ca_file_and_refused_without()
    {
        var node = (await _cluster.StartAsync(1, NodeSettingsStyle.CommandLine, TimeSpan.FromSeconds(60), CancellationToken.None)).Node;
        Assert.StartsWith("https://", node.Url, StringComparison.Ordinal);

        var trusted = await CliRun.StartAsync("status", "--goose", "--url", node.Url, "--ca-file", _certificates.AuthorityFile);
        var untrusted = await CliRun.StartAsync("status", "--url", node.Url);

        Assert.True(trusted.ExitCode == ExitCodes.Success, $"with --ca-file: {trusted}");
        Assert.True(untrusted.ExitCode == ExitCodes.Unreachable && untrusted.Error.Contains("SSL", StringComparison.OrdinalIgnoreCase), $"without --ca-file: {untrusted}");
    }
}
