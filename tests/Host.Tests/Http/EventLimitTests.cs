using DuckDuckGoose.Host.Http;

namespace DuckDuckGoose.Host.Tests.Http;

public sealed class EventLimitTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_text_is_no_limit_so_the_endpoint_default_applies(string? text)
    {
        Assert.False(EventLimit.TryParse(text, null, out _));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("256", 256)]
    [InlineData("-3", -3)]
    [InlineData("+7", 7)]
    public void A_whole_number_is_read_as_its_value(string text, int value)
    {
        Assert.True(EventLimit.TryParse(text, null, out var limit));

        Assert.Equal(new EventLimit(value, text), limit);
    }

    [Theory]
    [InlineData("many")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    [InlineData("1e3")]
    public void Other_text_is_kept_without_a_value_so_the_endpoint_can_refuse_it_by_name(string text)
    {
        Assert.True(EventLimit.TryParse(text, null, out var limit));

        Assert.Equal(new EventLimit(null, text), limit);
        Assert.False(limit.IsWithin(int.MinValue, int.MaxValue));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(256, true)]
    [InlineData(257, false)]
    public void Within_holds_for_the_bounds_and_between(int value, bool within)
    {
        Assert.Equal(within, new EventLimit(value, "x").IsWithin(1, 256));
    }

    [Theory]
    [InlineData("0", "limit: '0' must be a whole number between 1 and 256.")]
    [InlineData("many", "limit: 'many' must be a whole number between 1 and 256.")]
    [InlineData("256", null)]
    public void The_refusal_names_the_text_given_and_the_bounds(string text, string? refusal)
    {
        Assert.True(EventLimit.TryParse(text, null, out var limit));

        Assert.Equal(refusal, limit.Refusal(1, 256));
    }
}
