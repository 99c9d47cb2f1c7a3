namespace DuckDuckGoose.Fuzz.Tests;

public sealed class FuzzOptionsTests
{
    [Fact]
    public void The_options_parse_and_a_secret_is_generated_unless_none_is_asked_for()
    {
        Assert.True(FuzzOptions.TryParse(["--count", "100000", "--seed", "-7", "--transports", "zeromq", "--cluster-secret", "none"], out var options, out _));

        Assert.Equal((100_000, -7, false, true, (string?)null), (options.Count, options.Seed, options.Http, options.ZeroMq, options.ClusterSecret));
        Assert.True(FuzzOptions.TryParse([], out var defaults, out _));
        Assert.True(defaults.ClusterSecret?.Length >= 32);
    }

    [Theory]
    [InlineData("--count", "0")]
    [InlineData("--nodes", "2")]
    [InlineData("--transports", "udp")]
    [InlineData("--cluster-secret", "short")]
    [InlineData("--bogus", "1")]
    public void A_bad_argument_is_refused_naming_it(string name, string value)
    {
        Assert.False(FuzzOptions.TryParse([name, value], out _, out var error));
        Assert.Contains(name, error, StringComparison.Ordinal);
    }
}
