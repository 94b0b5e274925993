using SkiaSharp;
using System.Buffers.Binary;
using System.Text;

namespace Municipal.Requests.Tests.Photos;

/// <summary>Real pictures for the tests, and a JPEG loaded with what a phone puts in one: EXIF with GPS, XMP, a trailer.</summary>
public static class TestImages
{
    /// <summary>Where the photo was taken: 16°28'48" N, 99°32'56" E, written into the EXIF GPS block.</summary>
    public static readonly (uint Degrees, uint Minutes, uint Seconds) Latitude = (16, 28, 48);

    public const string CameraSerial = "SN-CAMERA-0042-SECRET";
    public const string XmpMarker = "http://ns.adobe.com/xap/1.0/";
    public const string XmpSecret = "home-of-the-reporter";
    public const string Trailer = "TRAILING-PAYLOAD-AFTER-EOI";

    public static byte[] Encode(SKEncodedImageFormat format, int width = 48, int height = 32, byte shade = 90)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(shade, 120, 200));
            using var paint = new SKPaint { Color = SKColors.DarkRed };
            canvas.DrawRect(0, 0, width / 2f, height / 4f, paint); // a mark in the top-left corner, to see which way is up
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    public static byte[] Jpeg(byte shade = 90) => Encode(SKEncodedImageFormat.Jpeg, shade: shade);

    public static byte[] Png() => Encode(SKEncodedImageFormat.Png);

    public static byte[] WebP() => Encode(SKEncodedImageFormat.Webp);

    /// <summary>
    /// A 48×32 JPEG as a phone leaves it: an EXIF block (orientation 6, "turn 90° clockwise to view"; the camera's serial;
    /// a GPS position) and an XMP block after the start marker, and bytes after the end marker.
    /// </summary>
    public static byte[] JpegWithMetadata()
    {
        var jpeg = Jpeg();
        var exif = App1(Encoding.ASCII.GetBytes("Exif\0\0").Concat(Tiff()).ToArray());
        var xmp = App1(Encoding.ASCII.GetBytes(XmpMarker + "\0" + $"<x:xmpmeta><rdf:Description location=\"{XmpSecret}\"/></x:xmpmeta>").ToArray());
        return [.. jpeg[..2], .. exif, .. xmp, .. jpeg[2..], .. Encoding.ASCII.GetBytes(Trailer)];
    }

    private static byte[] App1(byte[] payload)
    {
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)(payload.Length + 2));
        return [0xFF, 0xE1, .. length, .. payload];
    }

    /// <summary>A big-endian TIFF block: IFD0 (Orientation, BodySerialNumber, GPS pointer), then the GPS IFD.</summary>
    private static byte[] Tiff()
    {
        var serial = Encoding.ASCII.GetBytes(CameraSerial + "\0");
        // Layout: header 8 | IFD0 at 8: 2 + 3×12 + 4 = 42 → 50 | serial at 50 | GPS IFD after it: 2 + 2×12 + 4 = 30 | rationals 24
        const int ifd0 = 8;
        var serialAt = ifd0 + 2 + 3 * 12 + 4;
        var gpsAt = serialAt + serial.Length;
        var rationalsAt = gpsAt + 2 + 2 * 12 + 4;
        var tiff = new byte[rationalsAt + 24];
        "MM\0*"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(4), ifd0);
        var at = ifd0;
        void Short(int offset, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(offset), value);
        void Long(int offset, uint value) => BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(offset), value);
        void Entry(ushort tag, ushort type, uint count, uint value, bool shortValue = false)
        {
            Short(at, tag);
            Short(at + 2, type);
            Long(at + 4, count);
            if (shortValue)
            {
                Short(at + 8, (ushort)value);
            }
            else
            {
                Long(at + 8, value);
            }

            at += 12;
        }

        Short(at, 3);
        at += 2;
        Entry(0x0112, 3, 1, 6, shortValue: true); // Orientation: the 0th row is the visual right-hand side
        Entry(0x8825, 4, 1, (uint)gpsAt); // GPS IFD
        Entry(0xA431, 2, (uint)serial.Length, (uint)serialAt); // BodySerialNumber
        Long(at, 0);
        serial.CopyTo(tiff, serialAt);

        at = gpsAt;
        Short(at, 2);
        at += 2;
        Entry(0x0001, 2, 2, 0x4E000000); // GPSLatitudeRef "N"
        Entry(0x0002, 5, 3, (uint)rationalsAt); // GPSLatitude
        Long(at, 0);
        var (d, m, s) = Latitude;
        foreach (var (value, i) in new[] { d, m, s }.Select((v, i) => (v, i)))
        {
            Long(rationalsAt + i * 8, value);
            Long(rationalsAt + i * 8 + 4, 1);
        }

        return tiff;
    }

    public static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    public static bool Contains(byte[] haystack, string needle) => Contains(haystack, Encoding.ASCII.GetBytes(needle));
}
