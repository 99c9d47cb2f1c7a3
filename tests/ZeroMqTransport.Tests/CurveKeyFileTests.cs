using DuckDuckGoose.Contracts;
using NetMQ;

namespace DuckDuckGoose.Transports.Tests;

public sealed class CurveKeyFileTests : IDisposable
{
    private readonly CurveKeys _keys = new();

    [Fact]
    public void Reads_the_hex_secret_key_and_derives_its_public_key()
    {
        var (file, publicKey) = _keys.Create();

        var certificate = NetMQCertificate.CreateFromSecretKey(CurveKeyFile.ReadSecretKey(file));

        Assert.True(certificate.HasSecretKey);
        Assert.Equal(publicKey, certificate.PublicKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a key")]
    [InlineData("0123456789abcdef")]
    [InlineData("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7")]
    public void A_file_without_a_hex_key_is_a_clear_error(string text)
    {
        var file = _keys.Write(text);

        var thrown = Assert.Throws<TransportException>(() => CurveKeyFile.ReadSecretKey(file));

        Assert.Contains(file, thrown.Message);
        Assert.Contains("64 hex characters", thrown.Message);
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var file = _keys.Missing();

        var thrown = Assert.Throws<TransportException>(() => CurveKeyFile.ReadSecretKey(file));

        Assert.Contains(file, thrown.Message);
    }

    [Fact]
    public void Whitespace_around_the_key_is_ignored()
    {
        var certificate = new NetMQCertificate();
        var file = _keys.Write($"  {Convert.ToHexString(certificate.SecretKey!)}\r\n");

        Assert.Equal(certificate.PublicKey, NetMQCertificate.CreateFromSecretKey(CurveKeyFile.ReadSecretKey(file)).PublicKey);
    }

    public void Dispose() => _keys.Dispose();
}
