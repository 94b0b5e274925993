using Municipal.Scheduling.Domain;

namespace Municipal.Scheduling.Apis;

public sealed record VenueView(Guid Id, string Name, string? Building, string? Floor, int Capacity)
{
    public static VenueView From(Venue v) => new(v.Id, v.Name, v.Building, v.Floor, v.Capacity);
}
