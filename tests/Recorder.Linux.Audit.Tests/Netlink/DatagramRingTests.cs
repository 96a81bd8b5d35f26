using Recorder.Linux.Audit.Sources;

namespace Recorder.Linux.Audit.Tests.Netlink;

/// <summary>The receive/processing queue: order kept across wrap-arounds, a full ring refuses instead of waiting.</summary>
public sealed class DatagramRingTests
{
    private const int MaxDatagram = 1000;

    [Fact]
    public void Datagrams_come_out_in_order_and_intact_across_many_wrap_arounds()
    {
        var ring = new DatagramRing(8 * (MaxDatagram + 8), MaxDatagram);
        var next = 0;
        var expected = 0;
        for (var step = 0; step < 2000; step++)
        {
            // Produce a few of varying length, then consume some: the ring wraps many times.
            for (var i = 0; i < 3 && ring.TryReserve(out var slot); i++, next++)
            {
                var length = 1 + next * 37 % MaxDatagram;
                slot.Span[..length].Fill((byte)next);
                ring.Commit(length);
            }
            for (var i = 0; i < 2 && ring.TryPeek(TimeSpan.Zero, out var datagram); i++, expected++)
            {
                Assert.Equal(1 + expected * 37 % MaxDatagram, datagram.Length);
                Assert.True(datagram.IndexOfAnyExcept((byte)expected) < 0, $"datagram {expected} was overwritten");
                ring.Release();
            }
        }
        while (ring.TryPeek(TimeSpan.Zero, out var datagram))
        {
            Assert.Equal(1 + expected * 37 % MaxDatagram, datagram.Length);
            ring.Release();
            expected++;
        }
        Assert.Equal(next, expected);
        Assert.True(next > 100, "enough datagrams passed to wrap the ring many times");
        Assert.Equal(0, ring.QueuedBytes);
    }

    [Fact]
    public void A_full_ring_refuses_a_reservation_instead_of_waiting_and_accepts_again_once_read()
    {
        var ring = new DatagramRing(4 * (MaxDatagram + 8), MaxDatagram);
        var accepted = 0;
        while (ring.TryReserve(out var slot))
        {
            slot.Span[0] = (byte)accepted;
            ring.Commit(MaxDatagram);
            accepted++;
            Assert.True(accepted < 100, "the ring must fill up");
        }
        Assert.True(accepted >= 3);
        Assert.True(ring.TryPeek(TimeSpan.Zero, out var first));
        Assert.Equal(0, first[0]);
        ring.Release();
        Assert.True(ring.TryReserve(out _), "space freed by the reader is reusable");
    }

    [Fact]
    public async Task A_waiting_reader_wakes_when_a_datagram_arrives()
    {
        var ring = new DatagramRing(4 * (MaxDatagram + 8), MaxDatagram);
        var reader = Task.Run(() => ring.TryPeek(TimeSpan.FromSeconds(10), out var datagram) ? datagram.Length : -1);
        await Task.Delay(100);
        Assert.True(ring.TryReserve(out _));
        ring.Commit(42);
        var length = await reader.WaitAsync(TimeSpan.FromSeconds(5)); // throws if the reader was not woken
        Assert.Equal(42, length);
    }
}
