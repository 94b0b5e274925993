using Microsoft.AspNetCore.Connections;
using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Municipal.Gateway;

/// <summary>
/// Thai typed straight into an address (<c>GET /api/communities?q=สม</c>, as curl and scripts send it) arrives as raw
/// UTF-8 bytes in the request line, which HTTP does not allow and Kestrel refuses with an empty 400 before any
/// middleware runs (no problem details, no correlation id). This connection middleware percent-encodes those bytes
/// in the first request line of a connection (<c>?q=%E0%B8%AA%E0%B8%A1</c>), which is what the client meant, so the
/// request is served like any other. Browsers encode addresses themselves and never need it.
/// </summary>
internal static class RawTargets
{
    private const int MaxLine = 8 * 1024;

    public static ConnectionDelegate Middleware(ConnectionDelegate next) => async connection =>
    {
        var input = connection.Transport.Input;
        ReadResult read;
        try
        {
            read = await input.ReadAsync(connection.ConnectionClosed);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var buffer = read.Buffer;
        var newline = buffer.PositionOf((byte)'\n');
        var line = newline is { } end && buffer.Slice(0, end).Length <= MaxLine ? buffer.Slice(0, end).ToArray() : null;
        if (line is null || !line.Any(b => b > 0x7F))
        {
            // Nothing consumed and nothing examined: Kestrel reads the same bytes at once.
            input.AdvanceTo(buffer.Start);
            await next(connection);
            return;
        }

        var rest = buffer.Slice(newline!.Value).ToArray();
        input.AdvanceTo(buffer.End);
        var prefix = Encode(line).Concat(rest).ToArray();
        var transport = connection.Transport;
        connection.Transport = new Duplex(PipeReader.Create(new PrefixedStream(prefix, input.AsStream())), transport.Output);
        await next(connection);
    };

    /// <summary>Percent-encodes every byte above 0x7F of the request line: the method and the version are ASCII, so only the target changes.</summary>
    public static byte[] Encode(byte[] line)
    {
        var encoded = new StringBuilder(line.Length * 2);
        foreach (var b in line)
        {
            if (b > 0x7F)
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                encoded.Append((char)b);
            }
        }

        return Encoding.ASCII.GetBytes(encoded.ToString());
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>The rewritten bytes first, then the rest of the connection as it comes.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream inner) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            if (_position < prefix.Length)
            {
                var n = Math.Min(destination.Length, prefix.Length - _position);
                prefix.AsMemory(_position, n).CopyTo(destination);
                _position += n;
                return n;
            }

            return await inner.ReadAsync(destination, cancellationToken);
        }

        public override void Flush()
        {
        }

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
}
