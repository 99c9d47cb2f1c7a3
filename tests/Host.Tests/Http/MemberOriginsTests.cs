using DuckDuckGoose.Host.Http;

namespace DuckDuckGoose.Host.Tests.Http;

public sealed class MemberOriginsTests
{
    [Theory]
    [InlineData("http://10.0.0.5:4001", "http://10.0.0.5:4001/", true)]
    [InlineData("http://NODE1.example:4001", "http://node1.example:4001", true)]
    [InlineData("https://node1.example", "https://node1.example:443", true)]
    [InlineData("http://localhost:4001", "http://127.0.0.1:4001", true)]
    [InlineData("http://[::1]:4001", "http://localhost:4001", true)]
    [InlineData("http://localhost:4001", "http://127.0.0.1:4002", false)]
    [InlineData("http://localhost:4001", "https://127.0.0.1:4001", false)]
    [InlineData("http://10.0.0.5:4001", "http://10.0.0.6:4001", false)]
    [InlineData("http://localhost:4001", "http://10.0.0.5:4001", false)]
    public void Origins_match_by_scheme_host_and_port_with_loopback_names_as_one_host(string origin, string member, bool same) =>
        Assert.Equal(same, MemberOrigins.IsSameOrigin(new Uri(origin), new Uri(member)));
}
