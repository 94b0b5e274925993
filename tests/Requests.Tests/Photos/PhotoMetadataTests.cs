using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.Testing;
using SkiaSharp;
using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Requests.Tests.Photos;

/// <summary>
/// A photo of a blocked drain taken at home must not tell everyone where the reporter lives: what is stored and served
/// back is the picture alone, re-encoded, without EXIF, GPS, XMP or trailing bytes, and readable by the service only.
/// </summary>
public sealed class PhotoMetadataTests(RequestsFactory factory) : IClassFixture<RequestsFactory>
{
    [Fact]
    public void The_test_photo_really_carries_gps_a_serial_xmp_and_a_trailer()
    {
        var original = TestImages.JpegWithMetadata();
        Assert.True(TestImages.Contains(original, "Exif\0\0"));
        Assert.True(TestImages.Contains(original, GpsLatitudeBytes()));
        Assert.True(TestImages.Contains(original, TestImages.CameraSerial));
        Assert.True(TestImages.Contains(original, TestImages.XmpMarker));
        Assert.True(TestImages.Contains(original, TestImages.Trailer));
        using var codec = SKCodec.Create(new MemoryStream(original));
        Assert.Equal(SKEncodedOrigin.RightTop, codec.EncodedOrigin); // Skia reads our EXIF: orientation 6
    }

    [Fact]
    public async Task An_uploaded_jpeg_comes_back_without_its_gps_position_camera_serial_xmp_or_trailing_bytes()
    {
        var community = await factory.KnownCommunityAsync();
        using var owner = factory.ClientAs("resident-exif", "resident");
        var id = (await RequestsFactory.SubmitAsync(owner, RequestsFactory.Drainage(community))).GetProperty("id").GetGuid();

        using var uploaded = await owner.PostAsync($"/api/requests/{id}/photos",
            PhotosApiTests.Form((TestImages.JpegWithMetadata(), "drain.jpg", "image/jpeg")));
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var served = await owner.GetByteArrayAsync($"/api/requests/{id}/photos/1");
        var folder = Path.Combine(factory.DataDirectory, "requests-photos", id.ToString("N"));
        var stored = await File.ReadAllBytesAsync(Assert.Single(Directory.GetFiles(folder)));

        foreach (var (what, bytes) in new[] { ("served", served), ("stored", stored) })
        {
            Assert.False(TestImages.Contains(bytes, "Exif\0\0"), $"the {what} photo has an EXIF block");
            Assert.False(TestImages.Contains(bytes, GpsLatitudeBytes()), $"the {what} photo has the GPS latitude");
            Assert.False(TestImages.Contains(bytes, TestImages.CameraSerial), $"the {what} photo names the camera");
            Assert.False(TestImages.Contains(bytes, TestImages.XmpMarker), $"the {what} photo has XMP");
            Assert.False(TestImages.Contains(bytes, TestImages.XmpSecret), $"the {what} photo has the XMP text");
            Assert.False(TestImages.Contains(bytes, TestImages.Trailer), $"the {what} photo has the trailing bytes");
            Assert.Equal([0xFF, 0xD9], bytes[^2..]); // nothing after the end of the image
        }

        // Still the picture, standing the way the camera said it should: 48×32 turned a quarter is 32×48.
        using var codec = SKCodec.Create(new MemoryStream(served));
        Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
        Assert.Equal((32, 48), (codec.Info.Width, codec.Info.Height));
        Assert.Equal(SKEncodedOrigin.TopLeft, codec.EncodedOrigin);
        var view = await owner.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
        Assert.Equal(stored.Length, view.GetProperty("photos")[0].GetProperty("size").GetInt64());

        // The file and its folder are the service's own: nobody else on the machine reads them.
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Directory.GetFiles(folder)[0]));
            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(folder) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.OtherExecute));
            var database = Path.Combine(factory.DataDirectory, "requestsdb.db");
            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(database)
                & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite));
        }
    }

    [Theory]
    [InlineData("image/jpeg", "jpg")]
    [InlineData("image/png", "png")]
    [InlineData("image/webp", "webp")]
    public async Task A_file_that_only_starts_like_a_picture_is_415_and_nothing_is_stored(string contentType, string extension)
    {
        var community = await factory.KnownCommunityAsync();
        using var owner = factory.ClientAs("resident-fake-" + extension, "resident");
        var id = (await RequestsFactory.SubmitAsync(owner, RequestsFactory.Drainage(community))).GetProperty("id").GetGuid();
        var real = contentType switch { "image/png" => TestImages.Png(), "image/webp" => TestImages.WebP(), _ => TestImages.Jpeg() };
        var broken = real[..16].Concat(new byte[200]).ToArray();

        using var response = await owner.PostAsync($"/api/requests/{id}/photos",
            PhotosApiTests.Form((TestImages.Jpeg(), "good.jpg", "image/jpeg"), (broken, "broken." + extension, contentType)));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("broken." + extension, problem.GetProperty("detail").GetString());
        Assert.Equal(0, (await owner.GetFromJsonAsync<JsonElement>($"/api/requests/{id}")).GetProperty("photos").GetArrayLength());
    }

    [Fact]
    public void A_picture_of_more_than_forty_megapixels_is_refused_before_it_is_decoded()
    {
        // 8,000 × 6,000 pixels in a few kilobytes of PNG: decoding it would take 192 MB.
        using var huge = new SKBitmap(new SKImageInfo(8000, 6000, SKColorType.Gray8));
        using var data = SKImage.FromBitmap(huge).Encode(SKEncodedImageFormat.Png, 100);
        Assert.Equal(PhotoTrouble.TooManyPixels, PhotoReencoder.TryReencode(data.ToArray(), ImageFormat.Png, out _));
    }

    /// <summary>The GPS latitude as the EXIF block writes it: three big-endian rationals 16/1, 28/1, 48/1.</summary>
    private static byte[] GpsLatitudeBytes()
    {
        var bytes = new byte[24];
        var (d, m, s) = TestImages.Latitude;
        foreach (var (value, i) in new[] { d, m, s }.Select((v, i) => (v, i)))
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(i * 8), value);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(i * 8 + 4), 1);
        }

        return bytes;
    }
}
