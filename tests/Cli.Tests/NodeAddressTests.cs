namespace DuckDuckGoose.Cli.Tests;

public sealed class NodeAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:4001", "http://127.0.0.1:4001")]
    [InlineData("https://duck.example:4443/", "https://duck.example:4443")]
    [InlineData("localhost:4002", "http://localhost:4002")]
    [InlineData("  10.0.0.5:4001 ", "http://10.0.0.5:4001")]
    [InlineData("http://proxy/ducks/n1/", "http://proxy/ducks/n1")]
    public void Reads_a_url_or_host_and_port(string text, string expected)
    {
        Assert.True(NodeAddress.TryParse(text, out var url), $"'{text}' is a node address");
        Assert.Equal(expected, NodeAddress.Format(url));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("http://127.0.0.1:4001/?x=1")]
    [InlineData("http://127.0.0.1:4001/#top")]
    [InlineData("http://user:secret@127.0.0.1:4001")]
    [InlineData("not a url")]
    public void Refuses_what_is_not_an_http_node_address(string text) =>
        Assert.False(NodeAddress.TryParse(text, out _), $"'{text}' must be refused");
}
