using Municipal.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Requests.Tests;

public sealed class PhotosApiTests(RequestsFactory factory) : IClassFixture<RequestsFactory>
{
    /// <summary>A real JPEG (uploads are decoded and re-encoded); the number only makes pictures differ.</summary>
    public static byte[] Jpeg(int variant = 2048) => Photos.TestImages.Jpeg((byte)(variant % 200));

    public static byte[] Png() => Photos.TestImages.Png();

    public static byte[] WebP() => Photos.TestImages.WebP();

    /// <summary>Bytes that start like a JPEG and are nothing more.</summary>
    public static byte[] JpegLookalike(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;
        bytes[3] = 0xE0;
        return bytes;
    }

    public static MultipartFormDataContent Form(params (byte[] Bytes, string FileName, string ContentType)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (bytes, name, type) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(type);
            form.Add(part, "photo", name);
        }

        return form;
    }

    private async Task<(Guid Community, Guid Id, HttpClient Owner)> RequestAsync(string owner)
    {
        var community = await factory.KnownCommunityAsync();
        var client = factory.ClientAs(owner, "resident");
        var created = await RequestsFactory.SubmitAsync(client, RequestsFactory.Drainage(community));
        return (community, created.GetProperty("id").GetGuid(), client);
    }

    [Fact]
    public async Task Jpeg_png_and_webp_photos_are_stored_and_served_back_with_their_type()
    {
        var (_, id, owner) = await RequestAsync("resident-photos");
        var jpeg = Jpeg();

        using var response = await owner.PostAsync($"/api/requests/{id}/photos",
            Form((jpeg, "drain.jpg", "image/jpeg"), (Png(), "drain.png", "image/png"), (WebP(), "drain.webp", "image/webp")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var photos = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["image/jpeg", "image/png", "image/webp"], photos.Select(p => p.GetProperty("contentType").GetString()));
        Assert.Equal([1, 2, 3], photos.Select(p => p.GetProperty("number").GetInt32()));

        using var first = await owner.GetAsync($"/api/requests/{id}/photos/1");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/jpeg", first.Content.Headers.ContentType?.MediaType);
        var served = await first.Content.ReadAsByteArrayAsync();
        using (var codec = SkiaSharp.SKCodec.Create(new MemoryStream(served)))
        {
            // Re-encoded: the same picture, not the same bytes.
            Assert.Equal(SkiaSharp.SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
            Assert.Equal((48, 32), (codec.Info.Width, codec.Info.Height));
        }
        using var third = await owner.GetAsync($"/api/requests/{id}/photos/3");
        Assert.Equal("image/webp", third.Content.Headers.ContentType?.MediaType);

        var view = await owner.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
        Assert.Equal(3, view.GetProperty("photos").GetArrayLength());
    }

    [Fact]
    public async Task Photos_are_files_outside_the_database()
    {
        var (_, id, owner) = await RequestAsync("resident-files");
        using var response = await owner.PostAsync($"/api/requests/{id}/photos", Form((Jpeg(4096), "a.jpg", "image/jpeg")));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var folder = Path.Combine(factory.DataDirectory, "requests-photos", id.ToString("N"));
        var file = Assert.Single(Directory.GetFiles(folder));
        Assert.EndsWith(".jpg", file);
        Assert.Equal(await owner.GetByteArrayAsync($"/api/requests/{id}/photos/1"), await File.ReadAllBytesAsync(file));
    }

    [Fact]
    public async Task A_pdf_renamed_jpg_is_415_and_nothing_is_stored()
    {
        var (_, id, owner) = await RequestAsync("resident-pdf");
        var pdf = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"u8.ToArray();

        using var response = await owner.PostAsync($"/api/requests/{id}/photos", Form((Jpeg(), "ok.jpg", "image/jpeg"), (pdf, "photo.jpg", "image/jpeg")));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("photo.jpg", problem.GetProperty("detail").GetString());
        var view = await owner.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
        Assert.Equal(0, view.GetProperty("photos").GetArrayLength()); // the good one was not kept either
    }

    [Fact]
    public async Task A_6_mb_photo_is_413()
    {
        var (_, id, owner) = await RequestAsync("resident-big");
        using var response = await owner.PostAsync($"/api/requests/{id}/photos", Form((JpegLookalike(6 * 1024 * 1024), "big.jpg", "image/jpeg")));
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("5 MB", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_fourth_photo_is_409()
    {
        var (_, id, owner) = await RequestAsync("resident-four");
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsync($"/api/requests/{id}/photos",
            Form((Jpeg(), "1.jpg", "image/jpeg"), (Jpeg(3000), "2.jpg", "image/jpeg")))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsync($"/api/requests/{id}/photos", Form((Png(), "3.png", "image/png")))).StatusCode);

        using var fourth = await owner.PostAsync($"/api/requests/{id}/photos", Form((Png(), "4.png", "image/png")));

        await ProblemAssert.IsProblemAsync(fourth, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Strangers_neither_add_nor_see_photos_and_an_empty_form_is_400()
    {
        var (community, id, owner) = await RequestAsync("resident-private");
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsync($"/api/requests/{id}/photos", Form((Jpeg(), "1.jpg", "image/jpeg")))).StatusCode);
        using var stranger = factory.ClientAs("resident-stranger-photo", "resident");
        await ProblemAssert.IsProblemAsync(await stranger.GetAsync($"/api/requests/{id}/photos/1"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await stranger.PostAsync($"/api/requests/{id}/photos", Form((Jpeg(), "x.jpg", "image/jpeg"))), HttpStatusCode.NotFound);
        using var anonymous = factory.CreateClient();
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync($"/api/requests/{id}/photos/1"), HttpStatusCode.Unauthorized);

        using var leader = await factory.RegistryLeaderOfAsync(community, "leader-photos");
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/api/requests/{id}/photos/1")).StatusCode);
        await ProblemAssert.IsProblemAsync(await owner.GetAsync($"/api/requests/{id}/photos/2"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await owner.PostAsync($"/api/requests/{id}/photos", new MultipartFormDataContent { { new StringContent("x"), "note" } }), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await owner.PostAsJsonAsync($"/api/requests/{id}/photos", new { photo = "base64?" }), HttpStatusCode.UnsupportedMediaType);
        owner.Dispose();
    }
}
