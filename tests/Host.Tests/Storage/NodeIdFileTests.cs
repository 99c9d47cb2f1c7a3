using DuckDuckGoose.Host.Settings;
using DuckDuckGoose.Host.Storage;
using DuckDuckGoose.Host.Tests.Support;

namespace DuckDuckGoose.Host.Tests.Storage;

public sealed class NodeIdFileTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void A_generated_id_is_short_valid_and_kept()
    {
        var first = NodeIdFile.LoadOrCreate(_data.Path, configured: null);
        var second = NodeIdFile.LoadOrCreate(_data.Path, configured: null);

        Assert.Equal(first, second);
        Assert.Equal(8, first.Length);
        Assert.True(NodeOptionsValidator.IsValidId(first));
        Assert.Equal(first, File.ReadAllText(_data.Combine(NodeIdFile.FileName)));
    }

    [Fact]
    public void A_configured_id_is_written_on_first_start_and_accepted_after()
    {
        Assert.Equal("alpha", NodeIdFile.LoadOrCreate(_data.Path, "alpha"));
        Assert.Equal("alpha", NodeIdFile.LoadOrCreate(_data.Path, "alpha"));
        Assert.Equal("alpha", NodeIdFile.LoadOrCreate(_data.Path, configured: null));
    }

    [Fact]
    public void A_different_configured_id_stops_the_start()
    {
        NodeIdFile.LoadOrCreate(_data.Path, "alpha");

        var error = Assert.Throws<NodeSettingsException>(() => NodeIdFile.LoadOrCreate(_data.Path, "beta"));

        Assert.StartsWith("id: 'beta' does not match the id 'alpha' kept in", Assert.Single(error.Errors), StringComparison.Ordinal);
        Assert.Equal("alpha", File.ReadAllText(_data.Combine(NodeIdFile.FileName)));
    }

    [Fact]
    public void Generated_ids_differ()
    {
        Assert.NotEqual(NodeIdFile.Generate(), NodeIdFile.Generate());
    }
}
