using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Municipal.Contracts;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Sending;
using Municipal.Notifications.Tests.Support;
using System.Text;
using System.Text.Json;

namespace Municipal.Notifications.Tests;

/// <summary>The channel adapters over real SMTP and HTTP, against local stand-ins of the providers.</summary>
public sealed class AdapterTests
{
    private static readonly Recipient Somchai = new()
    {
        Key = "person:1", PersonId = Guid.NewGuid(), Subject = "s", DisplayName = "นายสมชาย ใจดี",
        Email = "somchai@example.th", PhoneE164 = "+66812345678", LineUserId = "U0123456789abcdef0123456789abcdef",
    };

    private static Delivery Sample(string channel, string? calendar = null) => Domain.Delivery.Create(
        new DeliveryDraft("k:1", "registration-confirmed", Somchai,
            new RenderedMessage("th", "ยืนยันการลงทะเบียน", "ท่านได้ที่นั่งแล้ว", "<p>ท่านได้ที่นั่งแล้ว</p>", "ยืนยันที่นั่ง รหัส K7"),
            "/meetings", DateTimeOffset.UtcNow, Calendar: calendar),
        channel, DateTimeOffset.UtcNow);

    private static IHttpClientFactory PlainHttp() => new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();

    [Fact]
    public async Task Line_pushes_the_short_text_to_the_user_with_the_token_and_the_delivery_as_retry_key()
    {
        await using var line = await FakeHttpServer.StartAsync();
        var sender = new LineSender(PlainHttp(), Options.Create(new LineOptions { ChannelAccessToken = "tok", BaseAddress = line.BaseAddress }));
        var delivery = Sample(ChannelCodes.Line);
        line.Answer(200, """{"sentMessages":[{"id":"481156","quoteToken":"q"}]}""");

        var result = await sender.SendAsync(delivery, Somchai, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("481156", result.ProviderMessageId);
        var request = Assert.Single(line.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v2/bot/message/push", request.Path);
        Assert.Equal("Bearer tok", request.Headers["Authorization"]);
        Assert.Equal(delivery.Id.ToString(), request.Headers["X-Line-Retry-Key"]);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(Somchai.LineUserId, body.GetProperty("to").GetString());
        Assert.Equal("ยืนยันที่นั่ง รหัส K7", body.GetProperty("messages")[0].GetProperty("text").GetString());
    }

    [Theory]
    [InlineData(409, true, false)]
    [InlineData(429, false, false)]
    [InlineData(500, false, false)]
    [InlineData(400, false, true)]
    [InlineData(403, false, true)]
    public async Task Line_answers_are_sent_transient_or_refused(int status, bool sent, bool permanent)
    {
        await using var line = await FakeHttpServer.StartAsync();
        var client = new LineMessagingClient(new HttpClient(), Options.Create(new LineOptions { ChannelAccessToken = "tok", BaseAddress = line.BaseAddress }));
        line.Answer(status, """{"message":"The request body has 1 error(s)"}""");

        var result = await client.PushAsync("U1", "hi", Guid.NewGuid(), CancellationToken.None);

        Assert.Equal(sent, result.Succeeded);
        Assert.Equal(permanent, result.Permanent);
    }

    [Fact]
    public async Task An_unreachable_line_api_is_a_transient_failure()
    {
        var client = new LineMessagingClient(new HttpClient(), Options.Create(new LineOptions { ChannelAccessToken = "tok", BaseAddress = new Uri("http://127.0.0.1:1/") }));
        var result = await client.PushAsync("U1", "hi", Guid.NewGuid(), CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.False(result.Permanent);
    }

    [Fact]
    public void The_line_signature_is_the_base64_hmac_sha256_of_the_body_with_the_channel_secret()
    {
        var body = Encoding.UTF8.GetBytes("""{"events":[]}""");
        var signature = LineMessagingClient.Sign(body, "secret");
        Assert.True(LineMessagingClient.SignatureIsValid(body, signature, "secret"));
        Assert.False(LineMessagingClient.SignatureIsValid(body, signature, "other-secret"));
        Assert.False(LineMessagingClient.SignatureIsValid(Encoding.UTF8.GetBytes("""{"events":[1]}"""), signature, "secret"));
        Assert.False(LineMessagingClient.SignatureIsValid(body, null, "secret"));
        Assert.False(LineMessagingClient.SignatureIsValid(body, "not base64!", "secret"));
    }

    private static ThaiBulkSmsGateway ThaiBulkSms(FakeHttpServer server) => new(PlainHttp(), Options.Create(new SmsOptions
    {
        Provider = SmsOptions.ThaiBulkSms, ApiKey = "key", ApiSecret = "secret", Sender = "KPPCITY", BaseAddress = server.BaseAddress,
    }));

    [Fact]
    public async Task ThaiBulkSms_gets_the_number_text_and_sender_with_basic_authentication()
    {
        await using var sms = await FakeHttpServer.StartAsync();
        sms.Answer(201, """{"remaining_credit":10,"phone_number_list":[{"number":"66812345678","message_id":"m-77","used_credit":1}],"bad_phone_number_list":[]}""");

        var result = await ThaiBulkSms(sms).SendAsync(new SmsMessage("+66812345678", "ยืนยันที่นั่ง รหัส K7", "key-1"), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("m-77", result.ProviderMessageId);
        var request = Assert.Single(sms.Requests);
        Assert.Equal("/sms", request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("key:secret")), request.Headers["Authorization"]);
        Assert.Equal("key-1", request.Headers["Idempotency-Key"]);
        var form = request.Body.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
        Assert.Equal("66812345678", form["msisdn"]);
        Assert.Equal("ยืนยันที่นั่ง รหัส K7", form["message"]);
        Assert.Equal("KPPCITY", form["sender"]);
    }

    [Fact]
    public async Task ThaiBulkSms_refusing_the_number_is_permanent_and_a_busy_provider_transient()
    {
        await using var sms = await FakeHttpServer.StartAsync();
        sms.Answer(201, """{"phone_number_list":[],"bad_phone_number_list":[{"number":"66000","message":"Invalid phone number"}]}""");
        sms.Answer(503, """{"error":{"code":503,"name":"Unavailable"}}""");
        sms.Answer(401, """{"error":{"code":401,"name":"Unauthorized"}}""");
        var gateway = ThaiBulkSms(sms);

        var refused = await gateway.SendAsync(new SmsMessage("+66000", "x", "a"), CancellationToken.None);
        var busy = await gateway.SendAsync(new SmsMessage("+66812345678", "x", "b"), CancellationToken.None);
        var unauthorized = await gateway.SendAsync(new SmsMessage("+66812345678", "x", "c"), CancellationToken.None);

        Assert.True(refused is { Succeeded: false, Permanent: true });
        Assert.True(busy is { Succeeded: false, Permanent: false });
        Assert.True(unauthorized is { Succeeded: false, Permanent: true });
    }

    [Fact]
    public async Task The_development_sms_adapter_writes_each_message_once_to_a_file()
    {
        var directory = Path.Combine(Path.GetTempPath(), "municipal-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var gateway = new DevelopmentSmsGateway(directory);
            var message = new SmsMessage("+66812345678", "ยืนยันที่นั่ง", "d-1");
            Assert.True((await gateway.SendAsync(message, CancellationToken.None)).Succeeded);
            Assert.True((await gateway.SendAsync(message, CancellationToken.None)).Succeeded);

            var line = Assert.Single(await File.ReadAllLinesAsync(gateway.FilePath));
            Assert.Contains("ยืนยันที่นั่ง", line);
            // JSON lines that tools read as they are: no byte-order mark before the first one.
            Assert.Equal((byte)'{', (await File.ReadAllBytesAsync(gateway.FilePath))[0]);
            Assert.True(gateway.State.IsConfigured);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static EmailSender Email(TestSmtpServer smtp) => new(Options.Create(new EmailOptions
    {
        Host = "127.0.0.1", Port = smtp.Port, Security = MailKit.Security.SecureSocketOptions.None, From = "noreply@test.municipal",
    }));

    [Fact]
    public async Task Email_goes_over_smtp_as_plain_text_and_html_with_the_calendar_attached_and_a_stable_message_id()
    {
        await using var smtp = new TestSmtpServer();
        var session = Events.Session(sequence: 1);
        var ics = Rendering.MeetingInvite.Build(session, Rendering.MeetingInvite.Request, "s", "d", "noreply@test.municipal", "x", Somchai.Email!, null, DateTimeOffset.UtcNow);
        var delivery = Sample(ChannelCodes.Email, ics);

        var result = await Email(smtp).SendAsync(delivery, Somchai, CancellationToken.None);

        Assert.True(result.Succeeded);
        var mail = Assert.Single(smtp.Messages);
        Assert.Equal("ยืนยันการลงทะเบียน", mail.Subject);
        Assert.Equal("นายสมชาย ใจดี", mail.To.Mailboxes.Single().Name);
        Assert.Equal("ท่านได้ที่นั่งแล้ว", mail.TextBody!.Trim());
        Assert.Contains("<p>ท่านได้ที่นั่งแล้ว</p>", mail.HtmlBody);
        Assert.Equal($"{delivery.Id:N}@test.municipal", mail.MessageId);
        Assert.Contains("METHOD:REQUEST", mail.Ics()!);
        Assert.Contains(mail.BodyParts.OfType<MimeKit.TextPart>(), p => p.ContentType.IsMimeType("text", "calendar") && p.ContentType.Parameters["method"] == "REQUEST");
    }

    [Fact]
    public async Task A_busy_mail_server_is_transient_and_a_refused_mailbox_permanent()
    {
        await using var smtp = new TestSmtpServer();
        var sender = Email(smtp);

        smtp.RefuseNext(1, "451 4.3.0 Mailbox busy, try later");
        var busy = await sender.SendAsync(Sample(ChannelCodes.Email), Somchai, CancellationToken.None);
        smtp.RefuseNext(1, "550 5.1.1 <somchai@example.th>: Recipient address rejected");
        var refused = await sender.SendAsync(Sample(ChannelCodes.Email), Somchai, CancellationToken.None);

        Assert.True(busy is { Succeeded: false, Permanent: false });
        Assert.True(refused is { Succeeded: false, Permanent: true });
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task An_unreachable_mail_server_is_transient()
    {
        var sender = new EmailSender(Options.Create(new EmailOptions
        {
            Host = "127.0.0.1", Port = 1, Security = MailKit.Security.SecureSocketOptions.None, From = "noreply@test.municipal",
        }));
        var result = await sender.SendAsync(Sample(ChannelCodes.Email), Somchai, CancellationToken.None);
        Assert.True(result is { Succeeded: false, Permanent: false });
    }

    [Fact]
    public void A_channel_without_configuration_is_off_and_says_which_setting_is_missing()
    {
        Assert.False(new EmailSender(Options.Create(new EmailOptions())).State.IsConfigured);
        Assert.Contains("Notifications:Line:ChannelAccessToken", new LineSender(PlainHttp(), Options.Create(new LineOptions())).State.Description);
        Assert.False(new NoSmsGateway().State.IsConfigured);
        Assert.False(ThaiBulkSmsWithoutKey().State.IsConfigured);

        static ThaiBulkSmsGateway ThaiBulkSmsWithoutKey() => new(PlainHttp(), Options.Create(new SmsOptions { Provider = SmsOptions.ThaiBulkSms }));
    }
}
