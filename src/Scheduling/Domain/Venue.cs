using Municipal.ServiceDefaults.Problems;

namespace Municipal.Scheduling.Domain;

/// <summary>A meeting room (ห้องประชุม). One booking at a time.</summary>
public sealed class Venue
{
    public const int NameMaxLength = 200;
    public const int MaxCapacity = 10000;

    private Venue()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string? Building { get; private set; }

    public string? Floor { get; private set; }

    public int Capacity { get; private set; }

    /// <summary>
    /// Rises whenever a session is booked into or moved within the room. Bumping it first in a booking's
    /// transaction serialises bookings of one room, so two overlapping sessions cannot both pass the check.
    /// </summary>
    public int BookingVersion { get; private set; }

    public static Venue Create(string name, string? building, string? floor, int capacity, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        return new Venue
        {
            Id = Guid.CreateVersion7(now),
            Name = name.Trim(),
            Building = string.IsNullOrWhiteSpace(building) ? null : building.Trim(),
            Floor = string.IsNullOrWhiteSpace(floor) ? null : floor.Trim(),
            Capacity = capacity,
        };
    }

    /// <summary>The founding case's room: Chakangrao 1 on the 4th floor of the municipal office, 100 seats.</summary>
    public static Venue Chakangrao1(DateTimeOffset now) =>
        Create("ห้องประชุมชากังราว 1", "สำนักงานเทศบาลเมืองกำแพงเพชร", "4", 100, now);

    /// <summary>Where it is, for notices and calendars: building and floor.</summary>
    public string? Detail => (Building, Floor) switch
    {
        (null, null) => null,
        ({ } b, null) => b,
        (null, { } f) => $"ชั้น {f}",
        ({ } b, { } f) => $"{b} ชั้น {f}",
    };
}

/// <summary>What staff send to add a venue.</summary>
public sealed record VenueDraft
{
    public string Name { get; init; } = "";
    public string? Building { get; init; }
    public string? Floor { get; init; }
    public int Capacity { get; init; }

    public Dictionary<string, FieldError[]> Validate()
    {
        var errors = new Dictionary<string, FieldError[]>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors["name"] = [FieldError.Required("A name is required.")];
        }
        else if (Name.Trim().Length > Venue.NameMaxLength)
        {
            errors["name"] = [FieldError.TooLong(Venue.NameMaxLength, $"The name may have at most {Venue.NameMaxLength} characters.")];
        }

        if (Building is { Length: > 200 })
        {
            errors["building"] = [FieldError.TooLong(200, "The building may have at most 200 characters.")];
        }

        if (Floor is { Length: > 20 })
        {
            errors["floor"] = [FieldError.TooLong(20, "The floor may have at most 20 characters.")];
        }

        if (Capacity is < 1 or > Venue.MaxCapacity)
        {
            errors["capacity"] = [FieldError.OutOfRange(1, Venue.MaxCapacity, $"The capacity is a number of seats from 1 to {Venue.MaxCapacity}.")];
        }

        return errors;
    }
}
