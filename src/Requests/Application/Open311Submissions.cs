using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.Requests.Open311;
using Municipal.ServiceDefaults;
using System.Globalization;

namespace Municipal.Requests.Application;

/// <summary>An Open311 service request as this service takes it in, and the category its notice names.</summary>
public sealed record Open311Submission(RequestSubmission Submission, IntakeContext Context, RequestCategory Category);

/// <summary>
/// Reads Open311 <c>POST requests</c>: the client's key, the service code, a location (a point, or an address alone), the
/// community (named, the nearest active one, or none yet for an address alone), the description, the submitter's contact
/// as the client gave it, and its media links.
/// </summary>
public sealed class Open311Submissions(RequestsDbContext db)
{
    /// <summary>The form of <c>POST requests</c> as a submission, how it came in, and its category; or why not.</summary>
    /// <param name="field">A form field's value, trimmed; null when absent or blank.</param>
    /// <param name="values">Every value of a field that may repeat (<c>media_url</c>).</param>
    public async Task<Result<Open311Submission>> ReadAsync(
        string? apiKey, Func<string, string?> field, Func<string, IReadOnlyList<string>> values, bool english, CancellationToken cancellationToken)
    {
        var key = string.IsNullOrWhiteSpace(apiKey) ? null : await db.Open311Keys.AsNoTracking()
            .FirstOrDefaultAsync(k => k.KeyHash == Open311ApiKey.Hash(apiKey) && k.RevokedAt == null, cancellationToken);
        if (key is null)
        {
            return Refusal.Forbidden(detail: string.IsNullOrWhiteSpace(apiKey)
                ? "api_key is required to create a service request."
                : "Invalid api_key received -- can't proceed with create_request.");
        }

        var code = field("service_code");
        if (code is null)
        {
            return Bad("service_code was not provided.");
        }

        var category = await db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (category is null)
        {
            return Refusal.NotFound(detail: $"service_code '{code}' not found.");
        }

        GeoPoint? point = null;
        var (lat, lon) = (field("lat"), field("long"));
        if (lat is not null || lon is not null)
        {
            if (!double.TryParse(lat, NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
                || !double.TryParse(lon, NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude))
            {
                return Bad("lat and long are both needed, as decimal degrees (WGS84).");
            }

            point = new GeoPoint(latitude, longitude);
            if (!MunicipalArea.Contains(point.Value))
            {
                return Bad("The location is not inside the municipality. Check lat and long.");
            }
        }

        // The spec: a location by lat/long, address_string or address_id. An address alone is kept as it is and put to
        // staff to place; address_id names an entry of a master address repository this municipality does not have.
        var address = field("address_string") ?? (field("address_id") is { } addressId ? $"address_id {addressId}" : null);
        if (point is null && address is null)
        {
            return Bad("A location is required: lat and long, address_string, or address_id.");
        }

        var communityField = field($"attribute[{GeoReportDocuments.CommunityAttribute}]");
        Community? community = null;
        if (communityField is not null)
        {
            community = Guid.TryParse(communityField, out var communityId)
                ? await db.Communities.AsNoTracking().FirstOrDefaultAsync(c => c.Id == communityId, cancellationToken)
                : await db.Communities.AsNoTracking().FirstOrDefaultAsync(c => c.Code == communityField, cancellationToken);
            if (community is null)
            {
                return Bad($"attribute[{GeoReportDocuments.CommunityAttribute}] '{communityField}' is not a community: see services/{code}.xml.");
            }
        }
        else if (point is { } p)
        {
            // The nearest community; none known yet keeps it unplaced, as an address alone does.
            community = Community.NearestTo(p, await db.Communities.AsNoTracking().ToListAsync(cancellationToken));
        }

        var description = field("description");
        var firstLine = description?.Split('\n', 2)[0].Trim();
        var title = string.IsNullOrEmpty(firstLine) ? (english ? category.NameEn : category.NameTh)
            : firstLine.Length > 80 ? firstLine[..80].TrimEnd() + "…" : firstLine;

        var contact = ReadContact(field);
        if (!contact.Succeeded)
        {
            return contact.Refusal!;
        }

        var mediaUrls = values("media_url").Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (mediaUrls.Count > ServiceRequest.MaxMediaLinks)
        {
            return Bad($"At most {ServiceRequest.MaxMediaLinks} media_url values are taken.");
        }

        if (mediaUrls.FirstOrDefault(u => !IsMediaUrl(u)) is { } badUrl)
        {
            return Bad($"media_url '{(badUrl.Length > 80 ? badUrl[..80] + "…" : badUrl)}' is not an absolute http(s) URL of at most {ServiceRequest.MediaUrlMaxLength} characters.");
        }

        var submission = new RequestSubmission
        {
            CommunityId = community?.Id,
            Category = category.Code,
            Title = title,
            Description = description ?? title,
            Location = point,
            AddressText = address,
        };
        var errors = submission.Validate(unplacedAllowed: true);
        if (errors.Count > 0)
        {
            return Bad(string.Join(" ", errors.SelectMany(e => e.Value).Select(e => e.Message)));
        }

        var context = new IntakeContext(RequestChannel.Open311, contact.Value!, Actors.Open311Client(key.Id))
        {
            MediaUrls = mediaUrls,
            UnplacedAllowed = true,
        };
        return new Open311Submission(submission, context, category);
    }

    /// <summary>
    /// Who the client says sent it: name, phone (E.164 when it is Thai, as given otherwise), e-mail, device and account
    /// ids. All kept for staff (PDPA: personal data, never shown publicly); none required.
    /// </summary>
    private static Result<Submitter> ReadContact(Func<string, string?> field)
    {
        var name = string.Join(' ', new[] { field("first_name"), field("last_name") }.Where(n => n is not null));
        if (name.Length > ContactSubmission.NameMaxLength)
        {
            return Bad($"first_name and last_name together may have at most {ContactSubmission.NameMaxLength} characters.");
        }

        var phone = field("phone");
        if (phone is { Length: > ServiceRequest.PhoneMaxLength })
        {
            return Bad($"phone may have at most {ServiceRequest.PhoneMaxLength} characters.");
        }

        foreach (var other in (ReadOnlySpan<string>)["email", "device_id", "account_id"])
        {
            if (field(other) is { Length: > ServiceRequest.ContactFieldMaxLength })
            {
                return Bad($"{other} may have at most {ServiceRequest.ContactFieldMaxLength} characters.");
            }
        }

        return new Submitter(null, null, name.Length == 0 ? null : name, PersonalData.NormalizeThaiPhone(phone) ?? phone)
        {
            Email = field("email"),
            DeviceId = field("device_id"),
            AccountId = field("account_id"),
        };
    }

    private static bool IsMediaUrl(string url) =>
        url.Length <= ServiceRequest.MediaUrlMaxLength && Uri.TryCreate(url, UriKind.Absolute, out var media) && media.Scheme is "http" or "https";

    private static Refusal Bad(string description) => Refusal.Invalid("form", description);
}
