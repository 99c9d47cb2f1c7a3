using DuckDuckGoose.Host.Settings;

namespace DuckDuckGoose.Host.Tests.Settings;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ClusterSecretSettingsTests : IDisposable
{
    private const string Secret = "a-cluster-secret-of-at-least-32-bytes";
    private readonly string _folder = Directory.CreateTempSubdirectory("ddg-secret-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string SecretFile(string text, UnixFileMode mode)
    {
        var path = Path.Combine(_folder, "secret");
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    [Fact]
    public void No_secret_means_peers_are_not_authenticated() => Assert.Null(new NodeOptions().LoadClusterSecrets());

    [Fact]
    public void A_secret_is_read_from_the_setting_or_an_owner_only_file()
    {
        Assert.Single(new NodeOptions { ClusterSecret = Secret }.LoadClusterSecrets()!.Keys);

        var file = SecretFile($"{Secret}\nanother-{Secret}\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Equal(2, new NodeOptions { ClusterSecretFile = file }.LoadClusterSecrets()!.Keys.Count);
    }

    [Fact]
    public void A_short_secret_is_refused_naming_the_setting_without_quoting_it()
    {
        var error = Assert.Single(NodeOptionsValidator.Check(new NodeOptions { ClusterSecret = "too-short-secret" }));

        Assert.StartsWith("cluster-secret: secret 1 of 1 is 16 bytes; each needs at least 32", error, StringComparison.Ordinal);
        Assert.DoesNotContain("too-short-secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_file_others_may_read_is_refused_with_the_chmod_that_fixes_it()
    {
        var file = SecretFile(Secret, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = Assert.Single(NodeOptionsValidator.Check(new NodeOptions { ClusterSecretFile = file }));

        Assert.Equal($"cluster-secret-file: '{file}' may be read or written by other users (mode 644); make it readable by its owner only: chmod 600 '{file}'", error);
    }

    [Fact]
    public void A_missing_secret_file_or_both_settings_are_refused()
    {
        var missing = Path.Combine(_folder, "nope");
        Assert.StartsWith($"cluster-secret-file: '{missing}' cannot be read", Assert.Single(NodeOptionsValidator.Check(new NodeOptions { ClusterSecretFile = missing })), StringComparison.Ordinal);

        var file = SecretFile(Secret, UnixFileMode.UserRead);
        Assert.Equal(
            "cluster-secret and cluster-secret-file are both set; give the secret one way",
            Assert.Single(NodeOptionsValidator.Check(new NodeOptions { ClusterSecret = Secret, ClusterSecretFile = file })));
    }
}
