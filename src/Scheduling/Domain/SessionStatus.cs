namespace Municipal.Scheduling.Domain;

public enum SessionStatus
{
    Scheduled,
    Cancelled,
    Completed,
}

public enum RegistrationStatus
{
    Confirmed,
    Waitlisted,
    Cancelled,
}

public static class StatusText
{
    public static string Code(this SessionStatus status) => status.ToString().ToLowerInvariant();

    public static string Code(this RegistrationStatus status) => status.ToString().ToLowerInvariant();
}
