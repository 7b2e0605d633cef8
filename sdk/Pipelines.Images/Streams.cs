using System.Security.Cryptography;

namespace Pipelines.Images;

/// <summary>A write-only stream that hashes (sha256) and counts what goes through it, forwarding to
/// <c>inner</c> (or nowhere when it is null).</summary>
internal sealed class HashingWriteStream(Stream? inner, bool leaveOpen = true) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesWritten { get; private set; }

    public string GetDigest() => Digests.FromHash(_hash);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        BytesWritten += buffer.Length;
        inner?.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
    public override void WriteByte(byte value) => Write([value]);
    public override void Flush() => inner?.Flush();
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesWritten; set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            if (!leaveOpen)
            {
                inner?.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}

/// <summary>Normalizes the 10-byte gzip member header written by <see cref="System.IO.Compression.GZipStream"/>:
/// MTIME 0, XFL 0, OS 255 ("unknown", as Go writes it) so the header does not depend on the zlib build or the
/// operating system. Refuses a header with any flag set (a file name or comment would be there).</summary>
internal sealed class GzipHeaderNormalizingStream(Stream inner) : Stream
{
    private readonly byte[] _header = new byte[10];
    private int _headerFill;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_headerFill < 10)
        {
            var take = Math.Min(10 - _headerFill, buffer.Length);
            buffer[..take].CopyTo(_header.AsSpan(_headerFill));
            _headerFill += take;
            buffer = buffer[take..];
            if (_headerFill < 10)
            {
                return;
            }
            if (_header[0] != 0x1f || _header[1] != 0x8b || _header[2] != 8 || _header[3] != 0)
            {
                throw new InvalidOperationException("unexpected gzip header from GZipStream (flags set or not deflate)");
            }
            _header[4] = _header[5] = _header[6] = _header[7] = 0;
            _header[8] = 0;
            _header[9] = 255;
            inner.Write(_header);
        }
        if (!buffer.IsEmpty)
        {
            inner.Write(buffer);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
    public override void WriteByte(byte value) => Write([value]);
    public override void Flush() => inner.Flush();
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>A read-only wrapper that reports how many bytes have been read (for upload progress).</summary>
internal sealed class ProgressReadStream(Stream inner, Action<long> report, long reportEvery = 1 << 20) : Stream
{
    private long _read;
    private long _lastReported;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Advance(n);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Advance(n);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Advance(int n)
    {
        _read += n;
        if (n == 0 || _read - _lastReported >= reportEvery)
        {
            _lastReported = _read;
            report(_read);
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
