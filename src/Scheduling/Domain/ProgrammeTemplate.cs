using Municipal.Contracts;

namespace Municipal.Scheduling.Domain;

/// <summary>
/// The founding case as a template: the Community Leader Effectiveness Training Project
/// (โครงการฝึกอบรมเพิ่มประสิทธิภาพผู้นำชุมชน), six meetings of 100 people in one fiscal year, in November,
/// January, March, May, July and September, in meeting room Chakangrao 1. The founding year, FY 2563,
/// opened on Tuesday 19 November 2019: each meeting is on the third Tuesday of its month, 09:00–16:00 Bangkok time.
/// </summary>
public static class ProgrammeTemplate
{
    public const string CommunityLeaderTraining = "community-leader-training";
    public const int FoundingFiscalYear = 2563;
    public const int Seats = 100;

    public static readonly IReadOnlyList<string> Names = [CommunityLeaderTraining];

    /// <summary>Community leaders, the municipal executives and the council: the project's target group.</summary>
    public static readonly IReadOnlyList<string> TargetRoles =
    [
        OfficeRoleCodes.President, OfficeRoleCodes.VicePresident, OfficeRoleCodes.Secretary, OfficeRoleCodes.Treasurer, OfficeRoleCodes.CommitteeMember,
        OfficeRoleCodes.Mayor, OfficeRoleCodes.DeputyMayor, OfficeRoleCodes.CouncilMember,
    ];

    private static readonly int[] Months = [11, 1, 3, 5, 7, 9];
    private static readonly TimeOnly Start = new(9, 0);
    private static readonly TimeOnly End = new(16, 0);

    private static readonly IReadOnlyList<string> Agenda =
    [
        "พิธีเปิดโดยนายกเทศมนตรี",
        "บรรยายบทบาทและหน้าที่ของผู้นำชุมชน",
        "ผู้บริหารและหัวหน้าส่วนการงานรับฟังปัญหาและความต้องการของชุมชน",
        "ตอบข้อซักถาม และรวบรวมเรื่องที่ต้องใช้งบประมาณเข้าแผนพัฒนาท้องถิ่น",
    ];

    public static ProgrammeDraft Programme(FiscalYear year) => new()
    {
        FiscalYear = year.BuddhistEra,
        Title = $"โครงการฝึกอบรมเพิ่มประสิทธิภาพผู้นำชุมชน ประจำปีงบประมาณ {year.BuddhistEra}",
        Description = "อบรมผู้นำชุมชน คณะผู้บริหาร และสมาชิกสภาเทศบาล 6 ครั้ง ครั้งละ 100 คน เพื่อรับฟังปัญหาและความต้องการของชุมชน",
        TargetRoles = TargetRoles,
    };

    /// <summary>The six sessions of the year, in order.</summary>
    public static IReadOnlyList<SessionDraft> Sessions(FiscalYear year, Guid venueId, int venueCapacity) => Months
        .Select((month, index) =>
        {
            var calendarYear = month >= 10 ? year.EndingYearCe - 1 : year.EndingYearCe;
            var day = ThirdTuesday(calendarYear, month);
            return new SessionDraft
            {
                Title = $"การอบรมผู้นำชุมชน ครั้งที่ {index + 1}",
                StartsAt = BangkokTime.FromLocal(day, Start),
                EndsAt = BangkokTime.FromLocal(day, End),
                VenueId = venueId,
                Capacity = Math.Min(Seats, venueCapacity),
                Agenda = Agenda,
            };
        })
        .ToList();

    public static DateOnly ThirdTuesday(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        var toTuesday = ((int)DayOfWeek.Tuesday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(toTuesday + 14);
    }
}
