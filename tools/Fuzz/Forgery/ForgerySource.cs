namespace DuckDuckGoose.Fuzz.Forgery;

/// <summary>
/// Picks the forgery for each forged input. Without a cluster secret only the forgeries the node's own rules
/// must refuse are mixed into the run (the others go to the last phase, see <see cref="ForgeryGuard.Secret"/>);
/// with one, every case is, since the secret must refuse them all, and the signed cases too (<see cref="ForgeryFactory.SignedCases"/>).
/// </summary>
public sealed class ForgerySource
{
    private readonly ForgeryFactory _factory;
    private readonly IReadOnlyList<string> _cases;

    /// <summary>A source of forgeries from <paramref name="factory"/>; <paramref name="withSecret"/> when the nodes hold a cluster secret.</summary>
    public ForgerySource(ForgeryFactory factory, bool withSecret)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        // With a secret, the signed cases weigh as much as all unsigned ones together.
        _cases = withSecret
            ? [.. ForgeryFactory.RuleCases, .. ForgeryFactory.SecretCases, .. Enumerable.Repeat(ForgeryFactory.SignedCases, 3).SelectMany(c => c)]
            : ForgeryFactory.RuleCases;
    }

    /// <summary>The cases mixed into the run.</summary>
    public IReadOnlyList<string> Cases => _cases;

    /// <summary>The forgery of input <paramref name="index"/> aimed at <paramref name="targetId"/>.</summary>
    public ForgedMessage Next(Random random, string targetId, long index)
    {
        ArgumentNullException.ThrowIfNull(random);
        return _factory.Create(_cases[random.Next(_cases.Count)], targetId, random);
    }
}
