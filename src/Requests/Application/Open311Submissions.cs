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
/// Reads Open311 <c>POST requests</c>: the client's key, the service code, a location, the community (named, or the
/// nearest active one), the description and the submitter's name and phone (e-mail and device ids are not kept).
/// </summary>
public sealed class Open311Submissions(RequestsDbContext db)
{
    /// <summary>The form of <c>POST requests</c> as a submission, how it came in, and its category; or why not.</summary>
    public async Task<Result<Open311Submission>> ReadAsync(string? apiKey, Func<string, string?> field, bool english, CancellationToken cancellationToken)
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
        }

        var address = field("address_string") ?? (field("address_id") is { } addressId ? $"address_id {addressId}" : null);
        if (point is null && address is null)
        {
            return Bad("A location is required: lat and long, address_string, or address_id.");
        }

        var communityField = field($"attribute[{GeoReportDocuments.CommunityAttribute}]");
        Community? community;
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
        else if (point is { } p && MunicipalArea.Contains(p))
        {
            community = Community.NearestTo(p, await db.Communities.AsNoTracking().ToListAsync(cancellationToken));
            if (community is null)
            {
                return Bad($"No community is known near that point yet: give attribute[{GeoReportDocuments.CommunityAttribute}].");
            }
        }
        else
        {
            return Bad(point is null
                ? $"Without lat/long, give attribute[{GeoReportDocuments.CommunityAttribute}] (see services/{code}.xml)."
                : "The location is not inside the municipality. Check lat and long.");
        }

        var description = field("description");
        var firstLine = description?.Split('\n', 2)[0].Trim();
        var title = string.IsNullOrEmpty(firstLine) ? (english ? category.NameEn : category.NameTh)
            : firstLine.Length > 80 ? firstLine[..80].TrimEnd() + "…" : firstLine;

        var phone = field("phone");
        var phoneE164 = PersonalData.NormalizeThaiPhone(phone);
        if (phone is not null && phoneE164 is null)
        {
            return Bad("phone is not a Thai phone number (e.g. 0812345678 or +66812345678).");
        }

        var mediaUrl = field("media_url");
        if (mediaUrl is not null && (!Uri.TryCreate(mediaUrl, UriKind.Absolute, out var media) || media.Scheme is not ("http" or "https") || mediaUrl.Length > 1000))
        {
            return Bad("media_url is an absolute http(s) URL.");
        }

        var name = string.Join(' ', new[] { field("first_name"), field("last_name") }.Where(n => n is not null));
        var submission = new RequestSubmission
        {
            CommunityId = community.Id,
            Category = category.Code,
            Title = title,
            Description = description ?? title,
            Location = point,
            AddressText = address,
        };
        var errors = submission.Validate();
        if (errors.Count > 0)
        {
            return Bad(string.Join(" ", errors.SelectMany(e => e.Value).Select(e => e.Message)));
        }

        var context = new IntakeContext(RequestChannel.Open311,
            new Submitter(null, null, name.Length == 0 ? null : name[..Math.Min(name.Length, ContactSubmission.NameMaxLength)], phoneE164),
            Actors.Open311Client(key.Id))
        {
            ExternalMediaUrl = mediaUrl,
        };
        return new Open311Submission(submission, context, category);
    }

    private static Refusal Bad(string description) => Refusal.Invalid("form", description);
}
