using System.Buffers;
using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Assembly;
using Recorder.Linux.Audit.Parsing;

namespace Recorder.Linux.Audit.Normalization;

/// <summary>
/// Re-joins argv from an event's EXECVE records. Each argument is <c>aN="text"</c> or hex; a long one is split as
/// <c>aN_len=LEN aN[0]=... aN[1]=...</c>, and one argv can span several EXECVE records. Pieces are joined as bytes
/// before decoding, so a UTF-8 character split between two pieces comes out whole. Bytes that are not valid UTF-8
/// are kept as <see cref="LosslessUtf8"/> text, so every argument is exactly what the process received.
/// </summary>
public static class ExecveArguments
{
    /// <summary>Most arguments kept (the kernel's own limit is far lower in practice).</summary>
    private const int MaxArguments = 1 << 16;

    /// <summary>Reads argv from the EXECVE records of <paramref name="group"/>; empty when it has none.</summary>
    public static string[] Read(AuditEventGroup group, out long argc)
    {
        argc = -1;
        string?[]? args = null;
        var pieces = new ArrayBufferWriter<byte>();
        var pieceIndex = -1;

        foreach (var record in group.Records)
        {
            if (record.Type != AuditRecordType.Execve) continue;
            for (var i = 0; i < record.FieldCount; i++)
            {
                var name = record.NameAt(i);
                if (name.SequenceEqual("argc"u8))
                {
                    if (AuditNumber.TryParseDecimal(record.RawValueAt(i), out long n) && n >= 0) argc = n;
                    continue;
                }
                if (!TryParseArgumentName(name, out var index, out var isPiece, out var isLength)) continue;
                if (index >= MaxArguments) continue;
                args ??= new string?[Math.Clamp(argc, 1, MaxArguments)];
                if (index >= args.Length) Array.Resize(ref args, Math.Min(MaxArguments, Math.Max(index + 1, args.Length * 2)));

                if (isLength)
                {
                    FinishPieces(args, ref pieceIndex, pieces);
                    pieceIndex = index;
                    continue;
                }
                var field = record[i];
                var value = record.RawValueAt(i);
                if (isPiece)
                {
                    if (pieceIndex != index)
                    {
                        FinishPieces(args, ref pieceIndex, pieces);
                        pieceIndex = index;
                    }
                    AuditValueDecoder.AppendDecodedBytes(value, field.IsQuoted, pieces);
                }
                else
                {
                    FinishPieces(args, ref pieceIndex, pieces);
                    args[index] = DecodeWhole(value, field.IsQuoted, pieces);
                }
            }
        }
        if (args is null) return [];
        FinishPieces(args, ref pieceIndex, pieces);

        // Trim to argc (or to the last argument seen when argc is missing); holes become empty strings.
        var count = argc >= 0 ? (int)Math.Min(argc, args.Length) : LastNonNull(args) + 1;
        var result = new string[count];
        for (var i = 0; i < count; i++) result[i] = args[i] ?? "";
        if (argc < 0) argc = count;
        return result;
    }

    private static int LastNonNull(string?[] args)
    {
        for (var i = args.Length - 1; i >= 0; i--)
        {
            if (args[i] is not null) return i;
        }
        return -1;
    }

    private static void FinishPieces(string?[] args, ref int pieceIndex, ArrayBufferWriter<byte> pieces)
    {
        if (pieceIndex < 0) return;
        args[pieceIndex] = LosslessUtf8.Decode(pieces.WrittenSpan);
        pieces.ResetWrittenCount();
        pieceIndex = -1;
    }

    /// <summary>One argument logged whole: quoted text as is, hex decoded to its bytes; the "no value" markers are empty.</summary>
    private static string DecodeWhole(ReadOnlySpan<byte> value, bool quoted, ArrayBufferWriter<byte> scratch)
    {
        if (!quoted && AuditValueDecoder.IsNullValue(value)) return "";
        AuditValueDecoder.AppendDecodedBytes(value, quoted, scratch);
        var text = LosslessUtf8.Decode(scratch.WrittenSpan);
        scratch.ResetWrittenCount();
        return text;
    }

    /// <summary>Parses <c>a12</c>, <c>a12[3]</c> or <c>a12_len</c>.</summary>
    private static bool TryParseArgumentName(ReadOnlySpan<byte> name, out int index, out bool isPiece, out bool isLength)
    {
        index = 0;
        isPiece = isLength = false;
        if (name.Length < 2 || name[0] != (byte)'a') return false;
        var i = 1;
        while (i < name.Length && (uint)(name[i] - '0') <= 9)
        {
            index = index * 10 + (name[i] - '0');
            if (index > MaxArguments) return false;
            i++;
        }
        if (i == 1) return false;
        if (i == name.Length) return true;
        if (name[i..].SequenceEqual("_len"u8)) { isLength = true; return true; }
        if (name[i] == (byte)'[' && name[^1] == (byte)']') { isPiece = true; return true; }
        return false;
    }
}
