using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Contracts;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Requests.Tests;

/// <summary>
/// What the LINE chat (Notifications) finished becomes a request here: once, with the photos fetched from LINE's
/// content API through the same checks as uploads; "me too" and erasure of a LINE reporter.
/// </summary>
public sealed class LineReportTests(LineRequestsFactory factory) : IClassFixture<LineRequestsFactory>
{
    private static string Reporter() => LineReporterSubjects.Prefix + Guid.NewGuid().ToString("N")[..26];

    private static byte[] Jpeg(byte shade) => Photos.TestImages.Jpeg(shade);

    private static byte[] Png() => Photos.TestImages.Png();

    private static LineReportCompleted Report(string reporter, params string[] photos) => new()
    {
        ReportId = Guid.CreateVersion7(),
        ReporterSubject = reporter,
        Category = "drainage",
        Description = "น้ำขังหน้าตลาด\nส่งกลิ่นเหม็นมา 3 วัน",
        Latitude = 16.4951,
        Longitude = 99.5301,
        AddressText = "ถนนเทศบาล 1",
        PhotoMessageIds = photos,
        CompletedAt = DateTimeOffset.UtcNow,
    };

    private Task<ServiceRequest?> RequestAsync(Guid id) => factory.WithScopeAsync(s =>
        s.GetRequiredService<RequestsDbContext>().Requests.Include(r => r.Photos).AsNoTracking().FirstOrDefaultAsync(r => r.Id == id));

    private async Task<ServiceRequest> TakenAsync(Guid id) =>
        (await Eventually.GetAsync(() => RequestAsync(id), what: "the LINE report taken in"))!;

    [Fact]
    public async Task A_finished_report_becomes_one_line_request_with_its_photos_from_lines_content_api()
    {
        var near = await factory.KnownCommunityAsync(latitude: 16.4950, longitude: 99.5300);
        var first = Photos.TestImages.JpegWithMetadata(); // as a phone leaves it: EXIF with GPS, XMP, a trailer
        var second = Png();
        var reporter = Reporter();
        var report = Report(reporter, factory.Line.AddContent(first), factory.Line.AddContent(second));

        await factory.Harness.Bus.Publish(report);
        var request = await TakenAsync(report.ReportId);

        Assert.Equal(RequestChannel.Line, request.Channel);
        Assert.Equal(reporter, request.SubmitterSubject);
        Assert.Equal(near, request.CommunityId);
        Assert.Equal("น้ำขังหน้าตลาด", request.Title);
        Assert.Equal("ถนนเทศบาล 1", request.AddressText);
        Assert.Equal(RequestStatus.Submitted, request.Status);
        Assert.Equal(["image/jpeg", "image/png"], request.Photos.OrderBy(p => p.Number).Select(p => p.ContentType));
        var store = factory.Services.GetRequiredService<PhotoStore>();
        foreach (var photo in request.Photos.OrderBy(p => p.Number))
        {
            await using var file = store.OpenRead(request.Id, photo.FileName)!;
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy);
            var stored = copy.ToArray();
            // Re-encoded like an uploaded photo: a picture still, with nothing of the phone's metadata.
            using var decoded = SkiaSharp.SKBitmap.Decode(stored);
            Assert.NotNull(decoded);
            Assert.False(Photos.TestImages.Contains(stored, Photos.TestImages.CameraSerial));
            Assert.False(Photos.TestImages.Contains(stored, Photos.TestImages.XmpSecret));
            Assert.False(Photos.TestImages.Contains(stored, Photos.TestImages.Trailer));
            Assert.Equal(reporter, photo.UploadedBySubject);
        }

        var submitted = await factory.PublishedAsync<RequestSubmitted>(m => m.RequestId == report.ReportId);
        Assert.Equal("line", submitted.Channel);
        Assert.Equal(reporter, submitted.SubmitterSubject);
        Assert.Equal(16.4951, submitted.Latitude);

        // The same report again, under a new message id (a replay): nothing new.
        await factory.Harness.Bus.Publish(report);
        await Eventually.TrueAsync(() => Task.FromResult(factory.Harness.Consumed.Select<LineReportCompleted>().Count(m => m.Context.Message.ReportId == report.ReportId) >= 2),
            what: "the replay consumed");
        Assert.Equal(1, await factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Requests.CountAsync(r => r.SubmitterSubject == reporter)));
        Assert.Equal(2, await factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Photos.CountAsync(p => p.RequestId == report.ReportId)));
    }

    [Fact]
    public async Task A_photo_that_is_not_a_picture_or_that_line_no_longer_has_is_left_out_and_the_report_kept()
    {
        await factory.KnownCommunityAsync(latitude: 16.4950, longitude: 99.5300);
        var text = factory.Line.AddContent("<html>not a picture</html>"u8.ToArray());
        var picture = factory.Line.AddContent(Jpeg(9));
        var report = Report(Reporter(), text, "999999999999", picture);

        await factory.Harness.Bus.Publish(report);
        var request = await TakenAsync(report.ReportId);

        var photo = Assert.Single(request.Photos);
        Assert.Equal("image/jpeg", photo.ContentType);
        Assert.Contains("999999999999", factory.Line.ContentRequests);
    }

    [Fact]
    public async Task A_report_with_the_place_in_words_only_is_kept_unplaced_for_staff_to_place()
    {
        var report = Report(Reporter()) with { Latitude = null, Longitude = null, AddressText = "หน้าวัดคูยาง" };

        await factory.Harness.Bus.Publish(report);
        var request = await TakenAsync(report.ReportId);

        Assert.Null(request.CommunityId);
        Assert.True(request.NeedsLocation);
        Assert.Equal("หน้าวัดคูยาง", request.AddressText);

        using var staff = factory.ClientAs("staff-place-line", "staff");
        var view = await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{request.Id}");
        Assert.True(view.GetProperty("needsLocation").GetBoolean());
        Assert.Equal("line", view.GetProperty("channel").GetString());
        Assert.True(view.GetProperty("submitter").GetProperty("line").GetBoolean());
    }

    [Fact]
    public async Task Me_too_from_line_backs_an_open_request_once_and_never_ones_own()
    {
        var community = await factory.KnownCommunityAsync();
        using var resident = factory.ClientAs("resident-metoo-line", "resident");
        var id = (await RequestsFactory.SubmitAsync(resident, RequestsFactory.Drainage(community))).GetProperty("id").GetGuid();
        var reporter = Reporter();

        await factory.Harness.Bus.Publish(new LineSupportGiven { RequestId = id, SupporterSubject = reporter, GivenAt = DateTimeOffset.UtcNow });
        await factory.Harness.Bus.Publish(new LineSupportGiven { RequestId = id, SupporterSubject = reporter, GivenAt = DateTimeOffset.UtcNow });
        await factory.Harness.Bus.Publish(new LineSupportGiven { RequestId = id, SupporterSubject = "resident-metoo-line", GivenAt = DateTimeOffset.UtcNow });
        await Eventually.TrueAsync(() => Task.FromResult(factory.Harness.Consumed.Select<LineSupportGiven>().Count(m => m.Context.Message.RequestId == id) >= 3),
            what: "the supports consumed");

        var supporters = await factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Supports.Where(x => x.RequestId == id).Select(x => x.Subject).ToListAsync());
        Assert.Equal([reporter], supporters);
    }

    [Fact]
    public async Task Erasing_a_line_reporter_takes_their_alias_off_their_requests_and_supports()
    {
        await factory.KnownCommunityAsync(latitude: 16.4950, longitude: 99.5300);
        var reporter = Reporter();
        var report = Report(reporter) with { Description = "ท่อแตก โทร 081-234-5678" };
        await factory.Harness.Bus.Publish(report);
        await TakenAsync(report.ReportId);

        await factory.Harness.Bus.Publish(new LineReporterErased { ReporterSubject = reporter, OccurredAt = DateTimeOffset.UtcNow });
        var erased = (await Eventually.GetAsync(async () => await RequestAsync(report.ReportId) is { SubmitterErased: true } r ? r : null,
            what: "the erasure"))!;

        Assert.Null(erased.SubmitterSubject);
        Assert.DoesNotContain("081-234-5678", erased.Description);
        Assert.False(await factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().History.AnyAsync(h => h.ActorSubject == reporter)));
    }
}
