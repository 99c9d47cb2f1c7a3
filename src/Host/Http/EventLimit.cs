using System.Globalization;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// The <c>limit</c> query parameter of <c>/events</c> and <c>/events/stream</c>: a whole number, or the text
/// given where one was expected. Bound through this type rather than <c>int?</c> because the node's handlers are
/// bound by generated code (the request delegate generator, Host.csproj), which answers an optional number it
/// cannot parse with a bare 400 before the endpoint runs: no problem details, no word of which parameter. This
/// parse accepts any text present, so the endpoint refuses a malformed limit exactly as one out of range. The
/// OpenAPI document describes it as the integer it stands for (<see cref="OpenApiExtensions"/>).
/// </summary>
/// <param name="Value">The number given, or null when the text is not a whole number.</param>
/// <param name="Text">The text given.</param>
public readonly record struct EventLimit(int? Value, string Text)
{
    /// <summary>
    /// Reads <paramref name="text"/>; false only when there is none (the parameter is absent or empty, so the
    /// endpoint's default applies), true for any other text, a number or not.
    /// </summary>
    public static bool TryParse(string? text, IFormatProvider? provider, out EventLimit limit)
    {
        if (string.IsNullOrEmpty(text))
        {
            limit = default;
            return false;
        }

        limit = new EventLimit(int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null, text);
        return true;
    }

    /// <summary>Whether the text was a whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public bool IsWithin(int min, int max) => Value is { } number && number >= min && number <= max;

    /// <summary>Why the endpoint refuses this limit (the problem's detail), or null when it is from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public string? Refusal(int min, int max) =>
        IsWithin(min, max) ? null : $"limit: '{Text}' must be a whole number between {min} and {max}.";
}
