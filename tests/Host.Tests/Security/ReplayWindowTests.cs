using DuckDuckGoose.Host.Security;

namespace DuckDuckGoose.Host.Tests.Security;

public sealed class ReplayWindowTests
{
    [Fact]
    public void Each_number_is_taken_once_in_any_order()
    {
        var window = new ReplayWindow();

        Assert.True(window.TryTake(3));
        Assert.True(window.TryTake(1));
        Assert.True(window.TryTake(2));
        Assert.False(window.TryTake(1));
        Assert.False(window.TryTake(3));
        Assert.True(window.TryTake(4));
        Assert.Equal(4, window.Highest);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Numbers_below_one_are_refused(long seq) => Assert.False(new ReplayWindow().TryTake(seq));

    [Fact]
    public void A_number_too_far_below_the_highest_is_refused_as_it_cannot_be_told_from_a_replay()
    {
        var window = new ReplayWindow();
        Assert.True(window.TryTake(ReplayWindow.Size + 10));

        Assert.False(window.TryTake(10));
        Assert.True(window.TryTake(11));
    }

    [Fact]
    public void A_number_late_by_less_than_the_window_is_taken_once_after_the_window_moved_on()
    {
        var window = new ReplayWindow();
        Assert.True(window.TryTake(1));
        for (long seq = 3; seq <= ReplayWindow.Size; seq++)
        {
            Assert.True(window.TryTake(seq));
        }

        Assert.True(window.TryTake(2));
        Assert.False(window.TryTake(2));
        Assert.False(window.TryTake(ReplayWindow.Size));
    }

    [Fact]
    public void Slots_reused_after_the_window_moves_do_not_remember_old_numbers()
    {
        var window = new ReplayWindow();
        Assert.True(window.TryTake(5));
        Assert.True(window.TryTake(5 + ReplayWindow.Size));
        Assert.False(window.TryTake(5));

        // 5 + Size + Size shares a slot with both; it is new.
        Assert.True(window.TryTake(5 + (2 * ReplayWindow.Size)));
        Assert.False(window.TryTake(5 + ReplayWindow.Size));
    }
}
