using DuckDuckGoose.Fuzz.Checking;
using DuckDuckGoose.Fuzz.Forgery;
using DuckDuckGoose.Fuzz.Inputs;

namespace DuckDuckGoose.Fuzz.Sending;

/// <summary>
/// Delivers a forged input: makes its body (signed or not) for the node it goes to, and for a replay first
/// delivers the same signed bytes once, over the same or the other transport, as the member it names would.
/// The first delivery is legitimate and may be taken; the answer returned is the repeat's.
/// </summary>
public sealed class ForgeryDelivery
{
    private readonly ForgerySigner _signer;
    private readonly HttpSender _http;
    private readonly ZeroMqSender _zeroMq;
    private readonly IReadOnlyList<string> _memberIds;
    private readonly bool _httpOn;
    private readonly bool _zeroMqOn;
    private long _originals;
    private long _originalsTaken;

    /// <summary>Delivers through <paramref name="http"/> and <paramref name="zeroMq"/> to the nodes <paramref name="memberIds"/>.</summary>
    public ForgeryDelivery(ForgerySigner signer, HttpSender http, ZeroMqSender zeroMq, IReadOnlyList<string> memberIds, bool httpOn, bool zeroMqOn)
    {
        _signer = signer;
        _http = http;
        _zeroMq = zeroMq;
        _memberIds = memberIds;
        _httpOn = httpOn;
        _zeroMqOn = zeroMqOn;
    }

    /// <summary>The start of the class of a replay whose original the node never took: not a replay to the node, not counted as a forgery.</summary>
    public const string Inconclusive = "replay-original-not-taken:";

    /// <summary>First deliveries of replays made.</summary>
    public long Originals => Interlocked.Read(ref _originals);

    /// <summary>First deliveries of replays the node took, perhaps at a second or third try (all should be: a member's own, validly signed).</summary>
    public long OriginalsTaken => Interlocked.Read(ref _originalsTaken);

    /// <summary>Delivers <paramref name="input"/> (a forged one); ZeroMQ deliveries must come from one caller at a time.</summary>
    public async Task<Answer> DeliverAsync(FuzzInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var forged = input.Forgery ?? throw new ArgumentException("not a forged input", nameof(input));
        var body = _signer.Body(forged, _memberIds[input.Node]);
        var overZeroMq = input.Kind == InputKind.ZeroMqMessage;
        if (forged.FirstDelivery is { } first)
        {
            // A replay tests something only once the node has taken the original. A first delivery can be lost
            // before the node reads it (a pooled HTTP connection the server just closed, a DEALER reconnecting after
            // junk): then the same bytes are sent again, up to three times, and if none is taken the repeat is
            // inconclusive and not counted as a forgery (a 100,000-input run saw one such, which counted as taken).
            var firstOverZeroMq = first == "other" && (overZeroMq ? _httpOn : _zeroMqOn) ? !overZeroMq : overZeroMq;
            Answer? original = null;
            for (var attempt = 0; attempt < 3 && original?.Takes != true; attempt++)
            {
                original = await SendAsync(input, body, firstOverZeroMq, correlationOffset: (1UL << 62) + ((ulong)attempt << 58), cancellationToken);
            }

            Interlocked.Increment(ref _originals);
            if (original!.Takes)
            {
                Interlocked.Increment(ref _originalsTaken);
            }
            else
            {
                return new Answer(Inconclusive + original.Class);
            }
        }

        return await SendAsync(input, body, overZeroMq, correlationOffset: 0, cancellationToken);
    }

    private async Task<Answer> SendAsync(FuzzInput input, byte[] body, bool overZeroMq, ulong correlationOffset, CancellationToken cancellationToken)
    {
        if (!overZeroMq)
        {
            return await _http.SendAsync(
                input with { Kind = InputKind.Http, Method = "POST", Path = "/raft/message", ContentType = "application/json", Body = body },
                cancellationToken);
        }

        var correlation = (ulong)input.Index + correlationOffset;
        return _zeroMq.Send(input with
        {
            Kind = InputKind.ZeroMqMessage,
            Frames = [ZeroMqJunk.Header(ZeroMqJunk.Request, correlation), body],
            Correlation = correlation,
        });
    }
}
