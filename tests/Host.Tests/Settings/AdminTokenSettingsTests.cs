using System.Collections;
using DuckDuckGoose.Host.Settings;
using Microsoft.Extensions.Configuration;

namespace DuckDuckGoose.Host.Tests.Settings;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AdminTokenSettingsTests : IDisposable
{
    private const string Token = "an-admin-token-0123456789";
    private readonly string _folder = Directory.CreateTempSubdirectory("ddg-token-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string TokenFile(string text, UnixFileMode mode)
    {
        var path = Path.Combine(_folder, "admin-token");
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    private static NodeOptions Load(IDictionary environment) =>
        NodeSettings.Load(new ConfigurationBuilder().Add(new DuckEnvironmentConfigurationSource { Variables = environment }).Build());

    [Fact]
    public void No_token_leaves_the_admin_api_open() => Assert.Null(new NodeOptions().LoadAdminToken());

    [Fact]
    public void A_token_file_is_read_once_at_start_without_its_line_break_into_the_admin_token()
    {
        var file = TokenFile(Token + "\n", UnixFileMode.UserRead);

        var options = Load(new Hashtable { ["DUCK_ADMIN_TOKEN_FILE"] = file });

        Assert.Equal(Token, options.AdminToken);
        Assert.Null(options.AdminTokenFile);
        File.Delete(file);
        Assert.Equal(Token, options.LoadAdminToken());
    }

    [Fact]
    public void The_inline_token_still_works() => Assert.Equal(Token, Load(new Hashtable { ["DUCK_ADMIN_TOKEN"] = Token }).AdminToken);

    [Fact]
    public void A_token_file_others_may_read_is_refused_with_the_chmod_that_fixes_it()
    {
        var file = TokenFile(Token, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var error = Assert.Single(Assert.Throws<NodeSettingsException>(() => Load(new Hashtable { ["DUCK_ADMIN_TOKEN_FILE"] = file })).Errors);

        Assert.Equal($"admin-token-file: '{file}' may be read or written by other users (mode 640); make it readable by its owner only: chmod 600 '{file}'", error);
    }

    [Fact]
    public void A_short_token_in_a_file_is_refused_naming_the_file_without_quoting_the_token()
    {
        var file = TokenFile("short-token\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var error = Assert.Single(NodeOptionsValidator.Check(new NodeOptions { AdminTokenFile = file }));

        Assert.Equal($"admin-token-file: the token in '{file}' (11 characters) must be at least 16 characters without spaces (the value is masked)", error);
    }

    [Fact]
    public void A_short_inline_token_is_refused_masked()
    {
        var error = Assert.Single(NodeOptionsValidator.Check(new NodeOptions { AdminToken = "with space 0123456789" }));

        Assert.Equal("admin-token: '*********************' must be at least 16 characters without spaces (the value is masked)", error);
    }

    [Fact]
    public void A_missing_token_file_or_both_settings_are_refused()
    {
        var missing = Path.Combine(_folder, "nope");
        Assert.StartsWith($"admin-token-file: '{missing}' cannot be read", Assert.Single(NodeOptionsValidator.Check(new NodeOptions { AdminTokenFile = missing })), StringComparison.Ordinal);

        var file = TokenFile(Token, UnixFileMode.UserRead);
        Assert.Equal(
            "admin-token and admin-token-file are both set; give the token one way",
            Assert.Single(NodeOptionsValidator.Check(new NodeOptions { AdminToken = Token, AdminTokenFile = file })));
    }
}
