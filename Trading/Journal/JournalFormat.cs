using System.Buffers.Binary;
using System.Globalization;

namespace Quant.Orleans.Trading.Journal;

/// <summary>
/// The on-disk layout of a journal segment (all integers little-endian):
/// <code>
/// segment header (24 bytes): "QOJ1" | version u32 = 1 | first sequence i64 | reserved u32 = 0 | CRC-32C of bytes 0..19
/// record (20 + n bytes):     payload length n u32 | sequence i64 | CRC-32C of payload | CRC-32C of bytes 0..15 | payload
/// </code>
/// The header checksum covers the length, so a damaged length is never trusted; the payload checksum covers the
/// payload. Records follow each other with no padding; sequences rise by one. Every journal store writes exactly these
/// bytes (a segment file of <see cref="FileJournal"/>, an append blob of the Azure store), so one scanner
/// (<see cref="JournalSegmentScanner"/>) and one set of recovery rules read them all.
/// </summary>
public static class JournalFormat
{
    /// <summary>Bytes of a segment header.</summary>
    public const int SegmentHeaderBytes = 24;

    /// <summary>Bytes of a record header (the payload follows it).</summary>
    public const int RecordHeaderBytes = 20;

    /// <summary>The format version a segment header carries.</summary>
    public const uint Version = 1;

    /// <summary>The extension of a segment's file or blob name.</summary>
    public const string Extension = ".qoj";

    /// <summary>The first four bytes of every segment.</summary>
    public static ReadOnlySpan<byte> Magic => "QOJ1"u8;

    /// <summary>Escapes a journal name for use in a file name: ASCII letters, digits, '-' and '_' stay; every other
    /// byte of its UTF-8 form becomes <c>%XX</c>, so distinct names never share a file (the same rule as the grain
    /// storage's file names, so existing journals keep their files).</summary>
    public static string EscapeName(string name) => FileNameEscaping.Escape(name);

    /// <summary>The file name of the segment of <paramref name="escapedName"/> whose first record is
    /// <paramref name="firstSequence"/>: <c>{escapedName}.{firstSequence:D16}.qoj</c>.</summary>
    public static string SegmentFileName(string escapedName, long firstSequence) =>
        $"{escapedName}.{firstSequence.ToString("D16", CultureInfo.InvariantCulture)}{Extension}";

    /// <summary>Writes a segment header for a segment starting at <paramref name="firstSequence"/> into the first
    /// <see cref="SegmentHeaderBytes"/> bytes of <paramref name="destination"/>.</summary>
    public static void WriteSegmentHeader(Span<byte> destination, long firstSequence)
    {
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], firstSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], Crc32C.Compute(destination[..20]));
    }

    /// <summary>Writes one record (header and payload) at the start of <paramref name="destination"/>, which must hold
    /// <see cref="RecordHeaderBytes"/> + the payload's length bytes.</summary>
    /// <returns>The bytes written.</returns>
    public static int WriteRecord(Span<byte> destination, long sequence, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(destination[4..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Crc32C.Compute(payload));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], Crc32C.Compute(destination[..16]));
        payload.CopyTo(destination[RecordHeaderBytes..]);
        return RecordHeaderBytes + payload.Length;
    }

    /// <summary>Reads a segment header; null with the reason when it is not a valid one.</summary>
    public static long? ReadSegmentHeader(ReadOnlySpan<byte> data, out string? problem)
    {
        if (data.Length < SegmentHeaderBytes)
        {
            problem = $"the segment header needs {SegmentHeaderBytes} bytes, the file has {data.Length}";
            return null;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(data[20..]) != Crc32C.Compute(data[..20]))
        {
            problem = "the segment header fails its checksum";
            return null;
        }

        if (!data[..4].SequenceEqual(Magic) || BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) != Version)
        {
            problem = $"not a version {Version} journal segment (magic 'QOJ1' expected)";
            return null;
        }

        var first = BinaryPrimitives.ReadInt64LittleEndian(data[8..]);
        if (first < 1)
        {
            problem = $"the segment's first sequence is {first}, below 1";
            return null;
        }

        problem = null;
        return first;
    }

    /// <summary>Checks the record at <paramref name="offset"/>: null when it is whole and valid (its payload length
    /// and sequence are returned), otherwise why not.</summary>
    public static string? CheckRecord(ReadOnlySpan<byte> data, int offset, int maxPayloadBytes, out int length, out long sequence)
    {
        length = 0;
        sequence = 0;
        var left = data.Length - offset;
        if (left < RecordHeaderBytes)
        {
            return $"only {left} of the record header's {RecordHeaderBytes} bytes are present";
        }

        var header = data.Slice(offset, RecordHeaderBytes);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[16..]) != Crc32C.Compute(header[..16]))
        {
            return "the record header fails its checksum";
        }

        var declared = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (declared > (uint)maxPayloadBytes)
        {
            return $"the record declares {declared} payload bytes, over the limit of {maxPayloadBytes}";
        }

        if (left - RecordHeaderBytes < declared)
        {
            return $"the record's {declared} payload bytes extend past the end of the file ({left - RecordHeaderBytes} present)";
        }

        var payload = data.Slice(offset + RecordHeaderBytes, (int)declared);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[12..]) != Crc32C.Compute(payload))
        {
            return "the record's payload fails its checksum";
        }

        length = (int)declared;
        sequence = BinaryPrimitives.ReadInt64LittleEndian(header[4..]);
        return null;
    }

    /// <summary>
    /// Whether the bytes from <paramref name="offset"/> to the end of the file — where a record that failed
    /// <see cref="CheckRecord"/> starts — are what a write cut short by the end of the file leaves (a torn write,
    /// never acknowledged): fewer bytes than a record header; a header that passes its checksum and declares more
    /// payload than the file holds; or nothing but zero bytes (a file extended by a crash whose data never reached
    /// the disk). Anything else — a complete record (its length fits in the file) failing a checksum, or non-zero
    /// bytes that are not a valid header — is damage to written data.
    /// </summary>
    /// <returns>Null when torn; otherwise why the bytes are corruption.</returns>
    public static string? WhyNotTorn(ReadOnlySpan<byte> data, int offset, int maxPayloadBytes)
    {
        var rest = data[offset..];
        if (rest.Length < RecordHeaderBytes || !rest.ContainsAnyExcept((byte)0))
        {
            return null;
        }

        var header = rest[..RecordHeaderBytes];
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[16..]) != Crc32C.Compute(header[..16]))
        {
            return $"the {rest.Length} bytes from here to the end of the file are neither a record header nor zeros";
        }

        var declared = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (declared <= (uint)maxPayloadBytes && declared > (uint)(rest.Length - RecordHeaderBytes))
        {
            return null;
        }

        return declared > (uint)maxPayloadBytes
            ? $"its header passes its checksum but declares {declared} payload bytes, over the limit of {maxPayloadBytes}"
            : $"the record is complete (its {declared} payload bytes fit in the file)";
    }

    /// <summary>The offset of the first whole, valid record starting after <paramref name="offset"/>, or -1.</summary>
    public static int FindValidRecordAfter(ReadOnlySpan<byte> data, int offset, int maxPayloadBytes)
    {
        for (var p = offset + 1; p <= data.Length - RecordHeaderBytes; p++)
        {
            if (CheckRecord(data, p, maxPayloadBytes, out _, out _) is null)
            {
                return p;
            }
        }

        return -1;
    }
}
