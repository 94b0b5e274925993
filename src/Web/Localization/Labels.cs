namespace Municipal.Web.Localization;

/// <summary>
/// Names for the codes of the shared vocabulary (docs/architecture.md) and of each service's states. Labels
/// only: which moves are allowed is the API's business, never decided here.
/// </summary>
public static class Labels
{
    private static readonly Dictionary<string, (string Th, string En)> RequestStatuses = new()
    {
        ["submitted"] = ("รับเรื่องแล้ว", "Submitted"),
        ["triaged"] = ("ส่งต่อหน่วยงานแล้ว", "Triaged"),
        ["in-progress"] = ("กำลังดำเนินการ", "In progress"),
        ["resolved"] = ("แก้ไขแล้ว", "Resolved"),
        ["closed"] = ("ปิดเรื่อง", "Closed"),
        ["needs-budget"] = ("ต้องใช้งบประมาณ", "Needs budget"),
        ["proposed-for-plan"] = ("เสนอเข้าแผนพัฒนา", "Proposed for the plan"),
        ["rejected"] = ("ไม่รับเรื่อง", "Rejected"),
        ["duplicate"] = ("เรื่องซ้ำ", "Duplicate"),
    };

    /// <summary>The request states in workflow order (for filters).</summary>
    public static IReadOnlyList<string> RequestStatusCodes => RequestStatuses.Keys.ToList();

    /// <summary>States in which a request still waits for something (for "open requests" lists).</summary>
    public static readonly IReadOnlySet<string> OpenRequestStatuses =
        new HashSet<string> { "submitted", "triaged", "in-progress", "needs-budget", "proposed-for-plan" };

    private static readonly Dictionary<string, (string Th, string En)> Categories = new()
    {
        ["road"] = ("ถนนและทางเท้า", "Roads and footpaths"),
        ["drainage"] = ("ท่อระบายน้ำและทางระบายน้ำ", "Drainage"),
        ["tree"] = ("ต้นไม้", "Trees"),
        ["lighting"] = ("ไฟฟ้าส่องสว่าง", "Street lighting"),
        ["waste"] = ("ขยะและความสะอาด", "Waste and cleanliness"),
        ["flooding"] = ("น้ำท่วมขัง", "Flooding"),
        ["water"] = ("น้ำประปา", "Water supply"),
        ["other"] = ("อื่น ๆ", "Other"),
    };

    public static IReadOnlyList<string> CategoryCodes => Categories.Keys.ToList();

    private static readonly Dictionary<string, (string Th, string En)> Roles = new()
    {
        ["resident"] = ("ประชาชน", "Resident"),
        ["community-leader"] = ("ผู้นำชุมชน", "Community leader"),
        ["staff"] = ("เจ้าหน้าที่เทศบาล", "Municipal staff"),
        ["executive"] = ("ผู้บริหาร", "Executive"),
        ["admin"] = ("ผู้ดูแลระบบ", "Administrator"),
    };

    /// <summary>The roles people sign in with (the development sign-in offers these).</summary>
    public static IReadOnlyList<string> RoleCodes => Roles.Keys.ToList();

    /// <summary>
    /// Who else a request's history names as having made a change (Requests' <c>Actors.RoleNameOf</c>): no one signs in
    /// as these, so they are not among <see cref="RoleCodes"/>.
    /// </summary>
    private static readonly Dictionary<string, (string Th, string En)> ActorRoles = new()
    {
        ["open311"] = ("ระบบภายนอก (Open311)", "Open311 client"),
        ["system"] = ("ระบบ", "System"),
    };

    private static readonly Dictionary<string, (string Th, string En)> Offices = new()
    {
        ["president"] = ("ประธานชุมชน", "President"),
        ["vice-president"] = ("รองประธานชุมชน", "Vice president"),
        ["secretary"] = ("เลขานุการชุมชน", "Secretary"),
        ["treasurer"] = ("เหรัญญิกชุมชน", "Treasurer"),
        ["committee-member"] = ("กรรมการชุมชน", "Committee member"),
        ["mayor"] = ("นายกเทศมนตรี", "Mayor"),
        ["deputy-mayor"] = ("รองนายกเทศมนตรี", "Deputy mayor"),
        ["municipal-clerk"] = ("ปลัดเทศบาล", "Municipal clerk"),
        ["deputy-clerk"] = ("รองปลัดเทศบาล", "Deputy clerk"),
        ["council-member"] = ("สมาชิกสภาเทศบาล", "Council member"),
        ["division-head"] = ("หัวหน้าส่วนการงาน", "Division head"),
    };

    public static IReadOnlyList<string> OfficeCodes => Offices.Keys.ToList();

    public static readonly IReadOnlySet<string> CommunityOffices =
        new HashSet<string> { "president", "vice-president", "secretary", "treasurer", "committee-member" };

    private static readonly Dictionary<string, (string Th, string En)> Stages = new()
    {
        ["proposed"] = ("เสนอโครงการ", "Proposed"),
        ["in-plan"] = ("อยู่ในแผนพัฒนา", "In the plan"),
        ["added-by-amendment"] = ("เพิ่มเติมโดยแก้ไขแผน", "Added by amendment"),
        ["budgeted"] = ("ได้รับงบประมาณ", "Budgeted"),
        ["in-progress"] = ("กำลังดำเนินการ", "In progress"),
        ["done"] = ("แล้วเสร็จ", "Done"),
    };

    public static IReadOnlyList<string> StageCodes => Stages.Keys.ToList();

    private static readonly Dictionary<string, (string Th, string En)> Others = new()
    {
        // registrations and sessions
        ["confirmed"] = ("ได้ที่นั่ง", "Confirmed"),
        ["waitlisted"] = ("อยู่ในรายชื่อสำรอง", "Waitlisted"),
        ["cancelled"] = ("ยกเลิกแล้ว", "Cancelled"),
        ["scheduled"] = ("ตามกำหนดการ", "Scheduled"),
        ["completed"] = ("จัดแล้ว", "Held"),
        // channels
        ["in-app"] = ("กล่องข้อความในระบบ", "In-app inbox"),
        ["email"] = ("อีเมล", "Email"),
        ["line"] = ("LINE", "LINE"),
        ["sms"] = ("SMS", "SMS"),
        ["web"] = ("เว็บไซต์", "Web"),
        ["mobile"] = ("แอปพลิเคชันบนมือถือ", "Mobile app"),
        ["phone"] = ("โทรศัพท์", "Phone"),
        ["meeting"] = ("ที่ประชุม", "Meeting"),
        ["open311"] = ("ระบบภายนอก (Open311)", "Open311"),
        // community status
        ["active"] = ("ดำเนินการอยู่", "Active"),
        ["merged"] = ("ควบรวมแล้ว", "Merged"),
        ["dissolved"] = ("ยุบแล้ว", "Dissolved"),
        // languages
        ["th"] = ("ภาษาไทย", "Thai"),
        ["en"] = ("ภาษาอังกฤษ", "English"),
    };

    public static string RequestStatus(string? code) => Of(RequestStatuses, code);

    public static string Category(string? code) => Of(Categories, code);

    /// <summary>A role someone signs in with, or one a request's history names (an Open311 client, the system).</summary>
    public static string Role(string? code) => Of(code is not null && ActorRoles.ContainsKey(code) ? ActorRoles : Roles, code);

    public static string Office(string? code) => Of(Offices, code);

    public static string Stage(string? code) => Of(Stages, code);

    /// <summary>Registration and session states, channels, community states, languages.</summary>
    public static string Code(string? code) => Of(Others, code);

    private static string Of(Dictionary<string, (string Th, string En)> labels, string? code) =>
        code is not null && labels.TryGetValue(code, out var label) ? L.T(label.Th, label.En) : code ?? "–";
}
