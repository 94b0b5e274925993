using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;
using Municipal.Notifications.Domain;
using System.Net.Sockets;

namespace Municipal.Notifications.Sending;

/// <summary>Configuration section <c>Notifications:Email</c>. E-mail is off until <c>Host</c> and <c>From</c> are set.</summary>
public sealed class EmailOptions
{
    public const string Section = "Notifications:Email";

    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary><c>Auto</c>, <c>None</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c> or <c>SslOnConnect</c>.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string? From { get; set; }

    public string FromName { get; set; } = "เทศบาลเมืองกำแพงเพชร";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Where people reach the system (configuration key <c>PublicBaseUrl</c>, shared by every service; the app host
    /// gives the gateway's own address): the notice's link in an e-mail is made from it. Without it, no link is added.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);

    /// <summary>The organizer of meeting notices; a placeholder while e-mail is off (such mails are never sent).</summary>
    public string Organizer => string.IsNullOrWhiteSpace(From) ? "noreply@municipal.invalid" : From!;
}

/// <summary>
/// E-mail over SMTP with MailKit: a plain-text and an HTML part, and for meeting notices the iCalendar
/// object both as the calendar part of the alternative (so mail clients offer to add it) and as an
/// <c>.ics</c> attachment. The Message-Id is derived from the delivery, so a re-sent mail is the same mail.
/// </summary>
public sealed class EmailSender(IOptions<EmailOptions> options) : IChannelSender
{
    private readonly EmailOptions _options = options.Value;

    public string Channel => Contracts.ChannelCodes.Email;

    public ChannelState State => _options.IsConfigured
        ? ChannelState.On($"SMTP {_options.Host}:{_options.Port}")
        : ChannelState.Off("Notifications:Email:Host and Notifications:Email:From are not both set");

    public async Task<SendResult> SendAsync(Delivery delivery, Recipient recipient, CancellationToken cancellationToken)
    {
        if (recipient.Email is null)
        {
            return SendResult.Refused("There is no e-mail address for this person.");
        }

        var message = Compose(delivery, recipient, _options);
        try
        {
            using var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
            await client.ConnectAsync(_options.Host!, _options.Port, _options.Security, cancellationToken);
            if (!string.IsNullOrEmpty(_options.UserName))
            {
                await client.AuthenticateAsync(_options.UserName, _options.Password ?? "", cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return SendResult.Sent(message.MessageId);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            return SendResult.Refused($"SMTP {(int)ex.StatusCode} {ex.ErrorCode}: {ex.Message}");
        }
        catch (SmtpCommandException ex)
        {
            return SendResult.Transient($"SMTP {(int)ex.StatusCode} {ex.ErrorCode}: {ex.Message}");
        }
        catch (AuthenticationException ex)
        {
            return SendResult.Refused($"SMTP sign-in failed: {ex.Message}");
        }
        catch (Exception ex) when (ex is SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return SendResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    public static MimeMessage Compose(Delivery delivery, Recipient recipient, EmailOptions options)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(options.FromName, options.Organizer));
        message.To.Add(new MailboxAddress(recipient.DisplayName ?? "", recipient.Email!));
        message.Subject = delivery.Title;
        var domain = options.Organizer.Split('@').LastOrDefault() is { Length: > 0 } d ? d : "municipal.invalid";
        message.MessageId = $"{delivery.Id:N}@{domain}";
        message.Headers.Add("X-Municipal-Notice", delivery.Kind);

        var link = LinkOf(delivery, options);
        var html = delivery.Html ?? System.Net.WebUtility.HtmlEncode(delivery.Body);
        var alternative = new MultipartAlternative
        {
            new TextPart(TextFormat.Plain) { Text = link is null ? delivery.Body : $"{delivery.Body}\n\n{link}" },
            new TextPart(TextFormat.Html)
            {
                Text = link is null ? html : $"{html}<p><a href=\"{System.Net.WebUtility.HtmlEncode(link.AbsoluteUri)}\">{System.Net.WebUtility.HtmlEncode(link.AbsoluteUri)}</a></p>",
            },
        };
        if (delivery.Calendar is null)
        {
            message.Body = alternative;
            return message;
        }

        var method = delivery.Calendar.Contains("METHOD:CANCEL", StringComparison.Ordinal) ? "CANCEL" : "REQUEST";
        alternative.Add(CalendarPart(delivery.Calendar, method, attachment: false));
        message.Body = new Multipart("mixed") { alternative, CalendarPart(delivery.Calendar, method, attachment: true) };
        return message;
    }

    /// <summary>The notice's link (<c>/requests/{id}</c>) on the configured public base URL, or null.</summary>
    public static Uri? LinkOf(Delivery delivery, EmailOptions options) =>
        options.PublicBaseUrl is { } root && !string.IsNullOrEmpty(delivery.Link) && delivery.Link.StartsWith('/')
            ? new Uri(new Uri(root.AbsoluteUri.TrimEnd('/') + "/"), delivery.Link.TrimStart('/'))
            : null;

    private static MimePart CalendarPart(string calendar, string method, bool attachment)
    {
        var part = new TextPart("calendar") { Text = calendar };
        part.ContentType.Charset = "utf-8";
        part.ContentType.Parameters.Add("method", method);
        if (attachment)
        {
            part.ContentDisposition = new ContentDisposition(ContentDisposition.Attachment);
            part.FileName = method == "CANCEL" ? "cancel.ics" : "invite.ics";
            part.ContentTransferEncoding = ContentEncoding.Base64;
        }

        return part;
    }
}
