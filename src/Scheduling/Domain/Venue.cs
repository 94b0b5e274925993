namespace Municipal.Scheduling.Domain;

/// <summary>A meeting room (ห้องประชุม). One booking at a time.</summary>
public sealed class Venue
{
    private Venue()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string? Building { get; private set; }

    public string? Floor { get; private set; }

    public int Capacity { get; private set; }

    public static Venue Create(string name, string? building, string? floor, int capacity, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        return new Venue { Id = Guid.CreateVersion7(now), Name = name.Trim(), Building = building, Floor = floor, Capacity = capacity };
    }

    /// <summary>The founding case's room: Chakangrao 1 on the 4th floor of the municipal office, 100 seats.</summary>
    public static Venue Chakangrao1(DateTimeOffset now) =>
        Create("ห้องประชุมชากังราว 1", "สำนักงานเทศบาลเมืองกำแพงเพชร", "4", 100, now);
}
