using Municipal.ServiceDefaults.Problems;
using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Messaging.Outbox;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults;

namespace Municipal.Requests.Application;

/// <summary>Where staff say a request is: a point inside the municipality, and its community (named, or the nearest).</summary>
public sealed record PlacementCommand(double? Latitude, double? Longitude, Guid? CommunityId);

/// <summary>
/// Puts a request on the map: an address-only request from Open311 or LINE waits for staff to find its point (it
/// shows as needing a location), and a wrong pin is corrected the same way. Staff who work the request do it.
/// </summary>
public sealed class RequestPlacement(RequestsDbContext db, RequestIntake intake, RequestReads reads, TimeProvider time)
{
    public async Task<Result<RequestDetails>> PlaceAsync(
        Guid id, PlacementCommand command, Caller caller, Func<int, Refusal?> checkVersion, CancellationToken cancellationToken)
    {
        if (command.Latitude is not { } lat || command.Longitude is not { } lon || !new GeoPoint(lat, lon).IsValid)
        {
            return Refusal.Invalid("latitude", FieldError.Required("Give latitude and longitude (WGS 84) of the place."));
        }

        var point = new GeoPoint(lat, lon);
        if (!MunicipalArea.Contains(point))
        {
            return Refusal.Invalid("latitude", FieldError.OutsideMunicipality(MunicipalArea.RadiusKm, $"The point is not inside the municipality (more than {MunicipalArea.RadiusKm} km from its centre)."));
        }

        var request = await db.Requests.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null || !RequestAccess.CanSee(caller, request))
        {
            return RequestReads.NoSuchRequest;
        }

        if (!RequestAccess.CanWork(caller, request))
        {
            return Refusal.Of(RequestsProblems.NotYourWork, detail: "Staff who work the request place it.");
        }

        if (checkVersion(request.Version) is { } stale)
        {
            return stale;
        }

        Guid community;
        if (command.CommunityId is { } named)
        {
            if (await intake.CheckCommunityAsync(named, cancellationToken) is { } refusal)
            {
                return refusal;
            }

            community = named;
        }
        else if (((await intake.NearestCommunityAsync(point, cancellationToken))?.Id ?? request.CommunityId) is { } nearest)
        {
            community = nearest;
        }
        else
        {
            return Refusal.Of(RequestsProblems.UnknownCommunity,
                detail: "No community is known near that point: name the community (communityId).");
        }

        var now = time.GetUtcNow();
        request.Place(point, community, now);
        db.EnqueueEvent(new Contracts.RequestPlaced
        {
            RequestId = request.Id,
            Number = request.Number,
            Category = request.Category,
            Status = request.Status.ToCode(),
            SubmitterSubject = request.SubmitterSubject,
            CommunityId = community,
            Latitude = point.Latitude,
            Longitude = point.Longitude,
            PlacedBySubject = caller.Subject,
            PlacedAt = now,
        }, time);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return RequestTransitions.ChangedMeanwhile("request");
        }

        return await reads.DetailsAfterChangeAsync(request, cancellationToken);
    }
}
