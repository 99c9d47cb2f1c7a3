namespace DuckDuckGoose.Deploy.Tests;

/// <summary>
/// deploy/Dockerfile read into its instructions (line continuations joined, comments dropped), each with the
/// build stage it belongs to: enough for the tests to check what the image is made of.
/// </summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerInstruction> instructions) => Instructions = instructions;

    public IReadOnlyList<DockerInstruction> Instructions { get; }

    /// <summary>The instructions of the last stage: the image that runs.</summary>
    public IReadOnlyList<DockerInstruction> Final => [.. Instructions.Where(i => i.Stage == Instructions[^1].Stage)];

    public static Dockerfile Load() => Parse(DeployFiles.Read("Dockerfile"));

    public static Dockerfile Parse(string text)
    {
        var instructions = new List<DockerInstruction>();
        var stage = -1;
        var pending = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (pending.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1].Trim() + " ";
                continue;
            }

            var whole = (pending + line.Trim()).Trim();
            pending = "";
            var space = whole.IndexOf(' ', StringComparison.Ordinal);
            var keyword = whole[..space].ToUpperInvariant();
            if (keyword == "FROM")
            {
                stage++;
            }

            instructions.Add(new DockerInstruction(stage, keyword, whole[(space + 1)..].Trim()));
        }

        return new Dockerfile(instructions);
    }

    /// <summary>The ENV assignments of the final stage (<c>ENV A=1 B=2</c> form).</summary>
    public IReadOnlyDictionary<string, string> FinalEnvironment() => Final
        .Where(i => i.Keyword == "ENV")
        .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Select(a => a.Split('=', 2))
        .ToDictionary(a => a[0], a => a[1]);
}

/// <summary>One instruction of a Dockerfile: its stage (0 for the first FROM), keyword and arguments.</summary>
internal sealed record DockerInstruction(int Stage, string Keyword, string Arguments);
