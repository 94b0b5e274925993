using QRCoder;

namespace Municipal.Scheduling.Application;

/// <summary>QR images of a registration's short code, for check-in at the door by scanning.</summary>
public static class QrCodes
{
    private const int PixelsPerModule = 10;

    public static byte[] Png(string code)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(code, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(PixelsPerModule);
    }

    public static string Svg(string code)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(code, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(PixelsPerModule);
    }
}
