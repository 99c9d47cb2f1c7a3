using DuckDuckGoose.Host.Security;

namespace DuckDuckGoose.Host.Tests.Security;

public sealed class ClusterSecretsTests
{
    private const string First = "first-secret-of-at-least-32-bytes-long";
    private const string Second = "second-secret-of-at-least-32-bytes-long";

    [Theory]
    [InlineData(First, 1)]
    [InlineData(First + "," + Second, 2)]
    [InlineData(First + "\n" + Second + "\n", 2)]
    [InlineData("  " + First + " ,\r\n\r\n " + Second, 2)]
    public void Secrets_are_separated_by_commas_or_lines_in_the_order_given(string text, int count)
    {
        var secrets = ClusterSecrets.Parse(text);

        Assert.Equal(count, secrets.Keys.Count);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(First), secrets.Keys[0]);
    }

    [Theory]
    [InlineData("", "holds no secret")]
    [InlineData(" , \n", "holds no secret")]
    [InlineData("short-secret", "secret 1 of 1 is 12 bytes; each needs at least 32")]
    [InlineData(First + ",tiny", "secret 2 of 2 is 4 bytes")]
    [InlineData(First + "," + First + "," + First + "," + First + "," + First, "holds 5 secrets; at most 4")]
    public void A_missing_short_or_extra_secret_is_refused_saying_which(string text, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => ClusterSecrets.Parse(text));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("short-secret", error.Message, StringComparison.Ordinal);
    }
}
