using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Sending;
using MimeKit;
using Municipal.Contracts;

namespace Municipal.Notifications.Tests;

/// <summary>Links in e-mails come from the one configured public base URL (<c>PublicBaseUrl</c>), never a service's own address.</summary>
public sealed class PublicLinkTests
{
    private static Delivery RequestNotice(string? link) => Delivery.Create(new DeliveryDraft("k", "request-status-changed",
        Recipient.ForSubject("s", null), new RenderedMessage("th", "คำร้องของท่าน", "มีความคืบหน้า", "<p>มีความคืบหน้า</p>", "s"),
        link, DateTimeOffset.UnixEpoch), ChannelCodes.Email, DateTimeOffset.UnixEpoch);

    [Fact]
    public void An_email_links_to_the_notice_on_the_public_base_url_in_both_parts()
    {
        var options = new EmailOptions { From = "noreply@kpp.example", PublicBaseUrl = new Uri("https://chumchon.kpp.example/") };
        var id = Guid.NewGuid();

        var message = EmailSender.Compose(RequestNotice($"/requests/{id}"), Recipient.ForSubject("s", null) with { Email = "a@example.th" }, options);

        var parts = ((Multipart)message.Body!).OfType<TextPart>().ToList();
        Assert.Contains($"https://chumchon.kpp.example/requests/{id}", parts.Single(p => p.IsPlain).Text);
        Assert.Contains($"href=\"https://chumchon.kpp.example/requests/{id}\"", parts.Single(p => p.IsHtml).Text);
    }

    [Fact]
    public void Without_a_public_base_url_an_email_carries_no_link_rather_than_an_internal_address()
    {
        var message = EmailSender.Compose(RequestNotice("/requests/x"), Recipient.ForSubject("s", null) with { Email = "a@example.th" },
            new EmailOptions { From = "noreply@kpp.example" });
        Assert.DoesNotContain("/requests/x", ((Multipart)message.Body!).OfType<TextPart>().Single(p => p.IsPlain).Text);
    }

    [Fact]
    public async Task The_service_reads_the_public_base_url_from_its_one_configuration_key()
    {
        await using var factory = new NotificationsFactory();
        factory.Settings["PublicBaseUrl"] = "https://chumchon.kpp.example";
        factory.CreateClient().Dispose();

        Assert.Equal(new Uri("https://chumchon.kpp.example"), factory.Services.GetRequiredService<IOptions<EmailOptions>>().Value.PublicBaseUrl);
    }
}
