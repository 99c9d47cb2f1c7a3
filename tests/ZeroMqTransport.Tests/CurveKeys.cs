using NetMQ;

namespace DuckDuckGoose.Transports.Tests;

/// <summary>CURVE key files for tests, in a temporary folder removed on dispose.</summary>
internal sealed class CurveKeys : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ddg-curve-").FullName;

    /// <summary>A new keypair: the file holding its secret key (hex, as the host writes it) and its public key.</summary>
    public (string File, byte[] PublicKey) Create()
    {
        var certificate = new NetMQCertificate();
        var file = Path.Combine(_folder, $"{Guid.NewGuid():N}.key");
        File.WriteAllText(file, Convert.ToHexStringLower(certificate.SecretKey!) + "\n");
        return (file, certificate.PublicKey);
    }

    /// <summary>A file at a fresh path in the folder holding <paramref name="text"/>.</summary>
    public string Write(string text)
    {
        var file = Path.Combine(_folder, $"{Guid.NewGuid():N}.key");
        File.WriteAllText(file, text);
        return file;
    }

    /// <summary>A path in the folder where no file is.</summary>
    public string Missing() => Path.Combine(_folder, $"{Guid.NewGuid():N}.key");

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
