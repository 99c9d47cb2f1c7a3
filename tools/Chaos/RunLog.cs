using System.Globalization;
using DuckDuckGoose.Chaos.Probing;

namespace DuckDuckGoose.Chaos;

/// <summary>
/// The controller's log: <see cref="Say"/> goes to the console and to <c>run.log</c>, <see cref="Note"/> to
/// the file only; every file line carries the run clock's milliseconds, as <c>probes.csv</c> and the node
/// logs do.
/// </summary>
public sealed class RunLog : IDisposable
{
    private readonly Lock _gate = new();
    private readonly StreamWriter _file;
    private readonly RunClock _clock;

    /// <summary>Appends to <paramref name="path"/>.</summary>
    public RunLog(string path, RunClock clock)
    {
        _clock = clock;
        _file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    /// <summary>Prints <paramref name="line"/> and records it.</summary>
    public void Say(string line)
    {
        Console.WriteLine(line);
        Note(line);
    }

    /// <summary>Records <paramref name="line"/> in the file only.</summary>
    public void Note(string line)
    {
        lock (_gate)
        {
            _file.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{_clock.NowMs,10:0.0} {line}"));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
        }
    }
}
