using DuckDuckGoose.Host.Settings;
using DuckDuckGoose.Host.Tests.Support;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Host.Tests.Settings;

/// <summary>The tls-* settings of <see cref="NodeOptionsValidator"/>, with a CA and certificate made at test time.</summary>
public sealed class NodeOptionsValidatorTlsTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly ClusterCertificates _certificates;
    private readonly CertificateFiles _node;

    public NodeOptionsValidatorTlsTests()
    {
        _certificates = ClusterCertificates.Create(_folder.Path);
        _node = _certificates.ForNode("n1");
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_certificate_its_key_and_a_CA_are_valid_and_make_the_node_advertise_https()
    {
        var options = Tls(_node.CertificateFile, _node.KeyFile, _certificates.AuthorityFile);

        Assert.Empty(NodeOptionsValidator.Check(options));
        Assert.Equal("https://127.0.0.1:4001", options.AdvertiseUrl);
        var tls = options.LoadTls();
        Assert.NotNull(tls?.Certificate);
        Assert.NotNull(tls.Authority);
    }

    [Fact]
    public void A_certificate_without_a_CA_is_valid_TLS_without_client_certificates()
    {
        var options = Tls(_node.CertificateFile, _node.KeyFile, null);

        Assert.Empty(NodeOptionsValidator.Check(options));
        Assert.False(new NodeTls(options.LoadTls()).RequiresPeerCertificates);
    }

    [Fact]
    public void Without_tls_settings_the_node_stays_on_http()
    {
        Assert.Equal("http://127.0.0.1:4001", new NodeOptions().AdvertiseUrl);
        Assert.Null(new NodeOptions().LoadTls());
    }

    [Fact]
    public void A_certificate_without_its_key_is_refused()
    {
        var error = Assert.Single(NodeOptionsValidator.Check(Tls(_node.CertificateFile, null, null)));

        Assert.Equal($"tls-cert-file: '{_node.CertificateFile}' needs tls-key-file too (the certificate's private key)", error);
    }

    [Fact]
    public void A_key_without_a_certificate_is_refused()
    {
        var error = Assert.Single(NodeOptionsValidator.Check(Tls(null, _node.KeyFile, null)));

        Assert.Equal($"tls-key-file: '{_node.KeyFile}' needs tls-cert-file too (the node's own certificate)", error);
    }

    [Fact]
    public void A_CA_without_a_certificate_is_refused()
    {
        var error = Assert.Single(NodeOptionsValidator.Check(Tls(null, null, _certificates.AuthorityFile)));

        Assert.Equal($"tls-ca-file: '{_certificates.AuthorityFile}' needs tls-cert-file too (the node's own certificate)", error);
    }

    [Fact]
    public void A_missing_file_is_refused_by_its_setting_name()
    {
        var missing = _folder.Combine("missing.pem");

        var error = Assert.Single(NodeOptionsValidator.Check(Tls(_node.CertificateFile, _node.KeyFile, missing)));

        Assert.Equal($"tls-ca-file: '{missing}' does not exist", error);
    }

    [Fact]
    public void A_file_that_is_not_PEM_is_refused()
    {
        var garbage = _folder.Combine("garbage.pem");
        File.WriteAllText(garbage, "not a certificate");

        var certificateError = Assert.Single(NodeOptionsValidator.Check(Tls(garbage, _node.KeyFile, null)));
        var authorityError = Assert.Single(NodeOptionsValidator.Check(Tls(_node.CertificateFile, _node.KeyFile, garbage)));

        Assert.StartsWith($"tls-cert-file: '{garbage}' and tls-key-file '{_node.KeyFile}' are not a PEM certificate and its private key", certificateError, StringComparison.Ordinal);
        Assert.StartsWith($"tls-ca-file: '{garbage}' is not a PEM certificate", authorityError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_that_belongs_to_another_certificate_is_refused()
    {
        var other = _certificates.ForNode("n2");

        var error = Assert.Single(NodeOptionsValidator.Check(Tls(_node.CertificateFile, other.KeyFile, null)));

        Assert.StartsWith($"tls-cert-file: '{_node.CertificateFile}' and tls-key-file '{other.KeyFile}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_settings_are_read_from_DUCK_variables_and_the_command_line()
    {
        Assert.Contains("tls-cert-file", NodeSettings.Names);
        Assert.Contains("tls-key-file", NodeSettings.Names);
        Assert.Contains("tls-ca-file", NodeSettings.Names);
    }

    private static NodeOptions Tls(string? certificate, string? key, string? authority) =>
        new() { TlsCertFile = certificate, TlsKeyFile = key, TlsCaFile = authority };
}
