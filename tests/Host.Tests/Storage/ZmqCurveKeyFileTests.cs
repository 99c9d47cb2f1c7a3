using DuckDuckGoose.Host.Settings;
using DuckDuckGoose.Host.Storage;
using DuckDuckGoose.Host.Tests.Support;

namespace DuckDuckGoose.Host.Tests.Storage;

public sealed class ZmqCurveKeyFileTests : IDisposable
{
    // RFC 7748 §6.1: Alice's X25519 private key and the public key it gives.
    private const string RfcSecret = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    private const string RfcPublic = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void A_missing_key_file_is_generated_owner_only_and_reused_on_the_next_start()
    {
        var path = _data.Combine("keys", ZmqCurveKeyFile.DefaultFileName);

        var first = ZmqCurveKeyFile.LoadOrCreatePublicKey(path);
        var written = File.ReadAllText(path);
        var second = ZmqCurveKeyFile.LoadOrCreatePublicKey(path);

        Assert.Equal(first, second);
        Assert.Equal(written, File.ReadAllText(path));
        Assert.Matches("^[0-9a-f]{64}\n$", written);
        Assert.Matches("^[0-9a-f]{64}$", first);
        Assert.DoesNotContain(first, written, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void The_public_key_is_the_X25519_public_key_of_the_secret_in_the_file()
    {
        var path = Write(RfcSecret.ToUpperInvariant() + "\r\n");

        Assert.Equal(RfcPublic, ZmqCurveKeyFile.LoadOrCreatePublicKey(path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123")]
    [InlineData("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7")]
    [InlineData(RfcSecret + "00")]
    public void A_file_without_a_hex_key_stops_the_start_naming_the_setting(string text)
    {
        var path = Write(text);

        var error = Assert.Throws<NodeSettingsException>(() => ZmqCurveKeyFile.LoadOrCreatePublicKey(path));

        Assert.Equal($"zmq-curve-key-file: '{path}' does not hold a CURVE secret key (64 hex characters)", Assert.Single(error.Errors));
    }

    [Fact]
    public void A_key_file_other_users_can_read_is_refused()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Write(RfcSecret);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Assert.Equal("can be read or written by other users (mode 0644); chmod 600 it", ZmqCurveKeyFile.Problem(path));
    }

    [Fact]
    public void A_directory_is_not_a_key_file()
    {
        Assert.Equal("is a directory; name a file (it is generated when missing)", ZmqCurveKeyFile.Problem(_data.Path));
    }

    private string Write(string text)
    {
        var path = _data.Combine($"{Guid.NewGuid():N}.key");
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }
}
