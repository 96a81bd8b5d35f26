using System.Runtime.InteropServices;

namespace Recorder.Linux.Audit.Netlink;

/// <summary>
/// Native memory for receiving several datagrams with one recvmmsg call: <see cref="Capacity"/> slots of
/// <see cref="AuditReceiveSocket.MaxDatagramSize"/> bytes, and the kernel's message headers. One per receive thread.
/// </summary>
public sealed unsafe class AuditReceiveBatch : IDisposable
{
    private readonly int[] _lengths;

    /// <summary>Allocates room for <paramref name="capacity"/> datagrams.</summary>
    public AuditReceiveBatch(int capacity = 64)
    {
        Capacity = capacity;
        Buffer = (byte*)NativeMemory.Alloc((nuint)(capacity * AuditReceiveSocket.MaxDatagramSize));
        Headers = (mmsghdr*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(mmsghdr));
        Vectors = (iovec*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(iovec));
        _lengths = new int[capacity];
    }

    /// <summary>How many datagrams one call may read.</summary>
    public int Capacity { get; }

    /// <summary>How many the last receive read.</summary>
    public int Count { get; internal set; }

    /// <summary>Datagram <paramref name="index"/> of the last receive.</summary>
    public ReadOnlySpan<byte> this[int index] => (uint)index < (uint)Count
        ? new ReadOnlySpan<byte>(Buffer + (long)index * AuditReceiveSocket.MaxDatagramSize, _lengths[index])
        : throw new ArgumentOutOfRangeException(nameof(index));

    internal byte* Buffer { get; private set; }
    internal mmsghdr* Headers { get; private set; }
    internal iovec* Vectors { get; private set; }
    internal Span<int> Lengths => _lengths;

    /// <inheritdoc />
    public void Dispose()
    {
        if (Buffer == null) return;
        NativeMemory.Free(Buffer);
        NativeMemory.Free(Headers);
        NativeMemory.Free(Vectors);
        Buffer = null;
        Headers = null;
        Vectors = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the native memory if <see cref="Dispose"/> was not called.</summary>
    ~AuditReceiveBatch() => Dispose();
}
