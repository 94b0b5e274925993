using Municipal.Contracts;

namespace Municipal.Notifications.Tests.Support;

/// <summary>Sample events, as the registry, Scheduling and Requests publish them.</summary>
public static class Events
{
    public static PersonRegistered Person(
        Guid? id = null, string? subject = null, string? email = null, string? phone = null, string? line = null,
        string channel = "in-app", string language = "th", DateTimeOffset? at = null) => new()
    {
        PersonId = id ?? Guid.NewGuid(),
        Subject = subject,
        Title = "นาย",
        FirstNameTh = "สมชาย",
        LastNameTh = "ใจดี",
        NameEn = "Somchai Jaidee",
        Contact = new ContactDetails
        {
            Email = email,
            PhoneE164 = phone,
            LineUserId = line,
            PreferredChannel = channel,
            Language = language,
        },
        OccurredAt = at ?? DateTimeOffset.UtcNow,
    };

    public static SessionSnapshot Session(Guid? id = null, int sequence = 0, string status = "scheduled", DateTimeOffset? startsAt = null)
    {
        var start = startsAt ?? new DateTimeOffset(2019, 11, 19, 2, 0, 0, TimeSpan.Zero); // 09:00 Bangkok
        return new SessionSnapshot
        {
            SessionId = id ?? Guid.NewGuid(),
            ProgrammeId = Guid.NewGuid(),
            Number = 1,
            Title = "โครงการฝึกอบรมเพิ่มประสิทธิภาพผู้นำชุมชน",
            StartsAt = start,
            EndsAt = start.AddHours(7),
            VenueName = "ห้องประชุมชากังราว 1",
            VenueDetail = "ชั้น 4",
            Sequence = sequence,
            Status = status,
        };
    }

    public static RegistrationConfirmed Confirmed(Guid personId, SessionSnapshot session, Guid? registrationId = null, DateTimeOffset? at = null) => new()
    {
        RegistrationId = registrationId ?? Guid.NewGuid(),
        PersonId = personId,
        Code = "K7Q4P2",
        Session = session,
        OccurredAt = at ?? DateTimeOffset.UtcNow,
    };

    public static SessionCancelled Cancelled(SessionSnapshot session, DateTimeOffset? at = null) => new()
    {
        Session = session with { Sequence = session.Sequence + 1, Status = "cancelled" },
        Reason = "ห้องประชุมปิดปรับปรุง",
        OccurredAt = at ?? DateTimeOffset.UtcNow,
    };

    /// <summary>A request as Requests announces it: the division its category goes to is in the event.</summary>
    public static RequestSubmitted Submitted(string? submitter, string category = "drainage", string division = "public-works") => new()
    {
        RequestId = Guid.NewGuid(),
        Number = "R2570-0000ABCD",
        CommunityId = Guid.NewGuid(),
        Category = category,
        DivisionCode = division,
        Title = "ท่อระบายน้ำอุดตัน",
        Channel = "web",
        SubmitterSubject = submitter,
        SubmittedAt = DateTimeOffset.UtcNow,
    };
}
