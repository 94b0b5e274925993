using Municipal.Requests.Domain;
using SkiaSharp;

namespace Municipal.Requests.Infrastructure;

/// <summary>A photo as it is stored: pixels only, in the format it came in.</summary>
public sealed record CleanPhoto(byte[] Bytes, ImageFormat Format, int Width, int Height);

/// <summary>Why a photo could not be re-encoded.</summary>
public enum PhotoTrouble
{
    None,

    /// <summary>Its bytes do not decode as the picture its first bytes announce.</summary>
    Unreadable,

    /// <summary>More pixels than a photo of a drain needs (a decompression bomb looks like this).</summary>
    TooManyPixels,
}

/// <summary>
/// Every uploaded photo is decoded and encoded again with SkiaSharp (MIT; native Skia, BSD-3), so what is stored
/// and served is the picture alone: no EXIF (the GPS position of the reporter's home, the camera's serial number,
/// the time), no XMP or ICC comments, nothing after the image data. The EXIF orientation is applied to the pixels
/// first, so the photo still stands the right way up.
/// </summary>
public static class PhotoReencoder
{
    /// <summary>At most 40 megapixels (a 5 MB photo from a phone has 12–50; decoding takes 4 bytes a pixel).</summary>
    public const long MaxPixels = 40_000_000;

    public const int JpegQuality = 85;

    public static PhotoTrouble TryReencode(byte[] original, ImageFormat format, out CleanPhoto? photo)
    {
        photo = null;
        using var data = SKData.CreateCopy(original);
        using var codec = SKCodec.Create(data);
        if (codec is null || !Matches(codec.EncodedFormat, format))
        {
            return PhotoTrouble.Unreadable;
        }

        if ((long)codec.Info.Width * codec.Info.Height > MaxPixels)
        {
            return PhotoTrouble.TooManyPixels;
        }

        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888,
            format == ImageFormat.Jpeg ? SKAlphaType.Opaque : SKAlphaType.Premul);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            return PhotoTrouble.Unreadable;
        }

        using var upright = Orient(decoded, codec.EncodedOrigin);
        using var image = SKImage.FromBitmap(upright ?? decoded);
        using var encoded = image.Encode(Target(format), format == ImageFormat.Png ? 100 : JpegQuality);
        if (encoded is null)
        {
            return PhotoTrouble.Unreadable;
        }

        photo = new CleanPhoto(encoded.ToArray(), format, image.Width, image.Height);
        return PhotoTrouble.None;
    }

    private static bool Matches(SKEncodedImageFormat decoded, ImageFormat announced) =>
        (decoded, announced.ContentType) is (SKEncodedImageFormat.Jpeg, "image/jpeg") or (SKEncodedImageFormat.Png, "image/png")
            or (SKEncodedImageFormat.Webp, "image/webp");

    private static SKEncodedImageFormat Target(ImageFormat format) =>
        format == ImageFormat.Png ? SKEncodedImageFormat.Png
        : format == ImageFormat.WebP ? SKEncodedImageFormat.Webp
        : SKEncodedImageFormat.Jpeg;

    /// <summary>The pixels turned as the EXIF orientation says, or null when they stand right already.</summary>
    private static SKBitmap? Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft)
        {
            return null;
        }

        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        float w = swap ? source.Height : source.Width, h = swap ? source.Width : source.Height;
        // x' = a·x + b·y + c, y' = d·x + e·y + f, for each of EXIF's eight orientations.
        var matrix = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, w, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, w, -1, 0, h, 0, 0, 1),
            _ => new SKMatrix(0, 1, 0, -1, 0, h, 0, 0, 1), // LeftBottom
        };
        var turned = new SKBitmap(new SKImageInfo((int)w, (int)h, source.ColorType, source.AlphaType));
        using var canvas = new SKCanvas(turned);
        canvas.SetMatrix(matrix);
        using var pixels = SKImage.FromBitmap(source);
        canvas.DrawImage(pixels, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), null); // a quarter turn moves pixels, never blends them
        return turned;
    }
}
