namespace DuckDuckGoose.Transports.Tests;

public sealed class ZeroMqAddressTests
{
    private const string Key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("tcp://127.0.0.1:5001", "tcp://127.0.0.1:5001", null)]
    [InlineData("tcp://node-b.local:5001/", "tcp://node-b.local:5001", null)]
    [InlineData("tcp://[::1]:5001", "tcp://[::1]:5001", null)]
    [InlineData($"tcp://127.0.0.1:5001?curve={Key}", "tcp://127.0.0.1:5001", Key)]
    [InlineData("tcp://127.0.0.1:5001?curve=0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF", "tcp://127.0.0.1:5001", Key)]
    public void Gives_NetMQ_only_the_endpoint_and_keeps_the_server_key(string address, string endpoint, string? key)
    {
        Assert.True(ZeroMqAddress.TryParse(address, out var parsed));

        Assert.Equal(endpoint, parsed.Endpoint);
        Assert.Equal(key, parsed.ServerKey is null ? null : Convert.ToHexStringLower(parsed.ServerKey));
    }

    [Theory]
    [InlineData("tcp://127.0.0.1")]
    [InlineData("http://127.0.0.1:5001")]
    [InlineData("tcp://127.0.0.1:5001/path")]
    [InlineData("tcp://user@127.0.0.1:5001")]
    [InlineData("tcp://127.0.0.1:5001?curve=")]
    [InlineData("tcp://127.0.0.1:5001?curve=0123")]
    [InlineData($"tcp://127.0.0.1:5001?curve={Key}00")]
    [InlineData("tcp://127.0.0.1:5001?curve=zz23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData($"tcp://127.0.0.1:5001?key={Key}")]
    [InlineData($"tcp://127.0.0.1:5001?curve={Key}&x=1")]
    [InlineData($"tcp://127.0.0.1:5001#curve={Key}")]
    [InlineData("")]
    [InlineData(null)]
    public void Refuses_anything_else(string? address) => Assert.False(ZeroMqAddress.TryParse(address, out _));

    [Fact]
    public void WithKey_writes_what_TryParse_reads()
    {
        var key = Convert.FromHexString(Key);

        var address = ZeroMqAddress.WithKey("tcp://127.0.0.1:5001", key);

        Assert.Equal($"tcp://127.0.0.1:5001?curve={Key}", address);
        Assert.True(ZeroMqAddress.TryParse(address, out var parsed));
        Assert.Equal(key, parsed.ServerKey);
    }
}
