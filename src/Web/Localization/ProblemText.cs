using Municipal.Web.Api;
using System.Text.RegularExpressions;

namespace Municipal.Web.Localization;

/// <summary>
/// What to tell a person about a problem the API answered: a sentence per status in the page's language, and
/// the API's own field messages in Thai where we know them (the API speaks English); any other message is
/// shown as the API wrote it.
/// </summary>
public static partial class ProblemText
{
    public static string Headline(Problem problem) => problem.Status switch
    {
        Problem.Unreachable => L.T("ติดต่อระบบไม่ได้ในขณะนี้ ข้อมูลที่กรอกไว้ยังอยู่ครบ ลองส่งอีกครั้ง",
            "The system cannot be reached right now. What you entered is kept: try again."),
        400 => L.T("ข้อมูลยังไม่ถูกต้อง โปรดแก้ไขตามข้อความใต้ช่องที่กรอก", "Some of the input is not valid: see the messages under the fields."),
        401 => L.T("การเข้าสู่ระบบหมดอายุหรือไม่ถูกต้อง โปรดเข้าสู่ระบบอีกครั้ง", "Your sign-in has expired or is not valid. Please sign in again."),
        403 => L.T("คุณไม่มีสิทธิ์ทำรายการนี้", "You are not allowed to do this."),
        404 => L.T("ไม่พบข้อมูลนี้ หรือคุณไม่มีสิทธิ์เห็นข้อมูลนี้", "Not found, or you may not see it."),
        409 => L.T("ทำรายการนี้ไม่ได้ในสถานะปัจจุบัน", "This cannot be done in the current state."),
        412 or 428 => L.T("มีผู้อื่นแก้ไขข้อมูลนี้ไปก่อนแล้ว โปรดโหลดใหม่แล้วทำอีกครั้ง", "Someone changed this meanwhile. Reload it and try again."),
        413 => L.T("ไฟล์หรือข้อมูลมีขนาดใหญ่เกินกำหนด", "The file or the input is too large."),
        415 => L.T("ไม่รองรับชนิดไฟล์นี้", "This kind of file is not accepted."),
        422 => L.T("ข้อมูลอ้างถึงสิ่งที่ใช้ไม่ได้", "The input refers to something that cannot be used."),
        429 => L.T("ส่งคำขอถี่เกินไป โปรดรอสักครู่แล้วลองใหม่", "Too many requests. Wait a moment and try again."),
        >= 500 => L.T("ระบบขัดข้องชั่วคราว ข้อมูลที่กรอกไว้ยังอยู่ โปรดลองใหม่ภายหลัง", "The system failed for a moment. What you entered is kept: try again later."),
        _ => L.T("ทำรายการไม่สำเร็จ", "That did not work."),
    };

    /// <summary>The API's own explanation (title and detail), Thai where known.</summary>
    public static string? Explanation(Problem problem)
    {
        var parts = new[] { problem.Title, problem.Detail }
            .Where(p => !string.IsNullOrWhiteSpace(p))
            .Select(p => Message(p!))
            .Distinct()
            .ToList();
        return parts.Count == 0 ? null : string.Join(" ", parts);
    }

    /// <summary>One message of the API, in Thai when the page is Thai and the message is one we know.</summary>
    public static string Message(string message)
    {
        if (L.IsEnglish)
        {
            return message;
        }

        foreach (var (pattern, thai) in Known)
        {
            var match = pattern.Match(message);
            if (match.Success)
            {
                return thai(match);
            }
        }

        return message;
    }

    private static readonly (Regex Pattern, Func<Match, string> Thai)[] Known =
    [
        (Exact("Required."), _ => "จำเป็นต้องกรอก"),
        (Exact("A title is required."), _ => "โปรดกรอกหัวเรื่อง"),
        (Exact("A description is required."), _ => "โปรดกรอกรายละเอียด"),
        (Exact("A community is required."), _ => "โปรดเลือกชุมชน"),
        (Starts("Unknown category"), _ => "หมวดหมู่ไม่ถูกต้อง"),
        (AtMost("The title may have at most"), m => $"หัวเรื่องยาวได้ไม่เกิน {m.Groups["n"].Value} ตัวอักษร"),
        (AtMost("The description may have at most"), m => $"รายละเอียดยาวได้ไม่เกิน {m.Groups["n"].Value} ตัวอักษร"),
        (AtMost("The address may have at most"), m => $"ที่อยู่ยาวได้ไม่เกิน {m.Groups["n"].Value} ตัวอักษร"),
        (AtMost("The note may have at most"), m => $"หมายเหตุยาวได้ไม่เกิน {m.Groups["n"].Value} ตัวอักษร"),
        (AtMost("At most"), m => $"ยาวได้ไม่เกิน {m.Groups["n"].Value} ตัวอักษร"),
        (Starts("The location is not inside the municipality"), _ => "ตำแหน่งอยู่นอกเขตเทศบาล โปรดตรวจสอบพิกัด"),
        (Exact("Give both latitude and longitude, or neither."), _ => "โปรดระบุทั้งละติจูดและลองจิจูด หรือไม่ระบุทั้งสองค่า"),
        (Exact("A rejection needs its reason in the note."), _ => "การไม่รับเรื่องต้องระบุเหตุผลในหมายเหตุ"),
        (Starts("Not an email address"), _ => "อีเมลไม่ถูกต้อง (เช่น name@example.com)"),
        (Starts("A LINE user id is U"), _ => "LINE user id ต้องขึ้นต้นด้วย U ตามด้วยเลขฐานสิบหก 32 หลัก"),
        (Starts("Email is preferred but no email address"), _ => "เลือกรับทางอีเมลแต่ยังไม่ได้กรอกอีเมล"),
        (Starts("SMS is preferred but no mobile number"), _ => "เลือกรับทาง SMS แต่ยังไม่ได้กรอกเบอร์มือถือ"),
        (Starts("LINE is preferred but no LINE user id"), _ => "เลือกรับทาง LINE แต่ยังไม่ได้กรอก LINE user id"),
        (Starts("Control characters"), _ => "ห้ามมีการขึ้นบรรทัดใหม่หรือแท็บในชื่อ"),
        (Starts("A sign-in subject has at most"), _ => "รหัสผู้ใช้ต้องไม่มีช่องว่างและยาวไม่เกิน 128 ตัวอักษร"),
        (Starts("A code has up to"), _ => "รหัสชุมชนประกอบด้วยตัวอักษร ตัวเลข และขีด เช่น KPP-01"),
        (Starts("Required, e.g. KPP-01"), _ => "โปรดกรอกรหัสชุมชน เช่น KPP-01"),
        (Starts("quietHours.start and quietHours.end are times of day"), _ => "ช่วงเวลางดแจ้งเตือนต้องเป็นเวลา HH:mm เช่น 21:00 และ 07:00"),
        (Starts("quietHours.start and quietHours.end must differ"), _ => "เวลาเริ่มและเวลาสิ้นสุดต้องไม่เท่ากัน"),
        (Exact("No registration for this session has that code."), _ => "ไม่พบการลงทะเบียนที่ใช้รหัสนี้ในการประชุมครั้งนี้"),
        (Exact("Check the code, or the session."), _ => "โปรดตรวจสอบรหัสหรือการประชุมอีกครั้ง"),
        (Exact("Check-in has not opened yet."), _ => "ยังไม่เปิดให้ลงชื่อเข้าร่วม"),
        (Starts("The person is on the waitlist and no seat is free"), _ => "ผู้นี้อยู่ในรายชื่อรอคิวและไม่มีที่นั่งว่าง"),
        (Exact("The registration was cancelled."), _ => "การลงทะเบียนนี้ถูกยกเลิกแล้ว"),
        (Starts("Your account is not linked to a person"), _ => "บัญชีของคุณยังไม่ได้เชื่อมกับบุคคลในทะเบียน โปรดติดต่อเจ้าหน้าที่"),
        (Exact("Not your community."), _ => "ไม่ใช่ชุมชนของคุณ"),
        (Exact("A community leader submits requests for their own community only."), _ => "ผู้นำชุมชนยื่นคำร้องได้เฉพาะชุมชนของตนเอง"),
        (Exact("The subject is taken."), _ => "รหัสผู้ใช้นี้มีผู้ใช้แล้ว"),
        (Starts("The file has bad rows; nothing was imported."), _ => "ไฟล์มีแถวที่ไม่ถูกต้อง จึงยังไม่ได้นำเข้าข้อมูลใด ๆ"),
        // the development plan
        (Exact("A project needs a title."), _ => "โปรดกรอกชื่อโครงการ"),
        (Starts("Name the plan's development strategy"), _ => "โปรดระบุยุทธศาสตร์การพัฒนาที่โครงการสังกัด"),
        (Starts("Give the fiscal year(s) (B.E.)"), _ => "โปรดระบุปีงบประมาณ (พ.ศ.) ของโครงการ เช่น 2570"),
        (Starts("A fiscal year is a Buddhist Era year"), _ => "ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2570"),
        (Starts("The estimated budget is an amount in baht"), _ => "งบประมาณเป็นจำนวนบาท ไม่ติดลบ ทศนิยมไม่เกิน 2 ตำแหน่ง"),
        (Exact("No plan period holds these fiscal years."), _ => "ยังไม่มีแผนพัฒนาที่ครอบคลุมปีงบประมาณนี้ ผู้ดูแลระบบต้องเปิดช่วงแผนก่อน"),
        (Starts("Create the plan period first"), _ => "โปรดให้ผู้ดูแลระบบเปิดช่วงแผนพัฒนาก่อน"),
        (Exact("The fiscal years lie outside the plan period."), _ => "ปีงบประมาณอยู่นอกช่วงของแผนพัฒนา"),
        (Exact("A request is already in another plan project."), _ => "คำร้องนี้อยู่ในโครงการอื่นของแผนแล้ว"),
        (Starts("Report a new stage, a progress percentage"), _ => "โปรดระบุขั้นตอนใหม่ ความคืบหน้า หรืออย่างน้อยบันทึก"),
        (Exact("Progress is a percentage from 0 to 100."), _ => "ความคืบหน้าเป็นร้อยละ 0 ถึง 100"),
        (Exact("Progress is measured once the project is in progress."), _ => "บันทึกร้อยละความคืบหน้าได้เมื่อโครงการกำลังดำเนินการ"),
        (Exact("The project cannot take this report."), _ => "โครงการรับรายงานนี้ไม่ได้ในขั้นตอนปัจจุบัน"),
        (Starts("The project is done"), _ => "โครงการแล้วเสร็จ ขั้นตอนและความคืบหน้าไม่เปลี่ยนอีก"),
        (Exact("The plan periods would overlap."), _ => "ช่วงแผนซ้อนทับกับแผนที่มีอยู่"),
        (Starts("The plan's first fiscal year"), _ => "ปีงบประมาณแรกของแผนเป็นปี พ.ศ. เช่น 2566"),
        // the registry
        (Exact("The term clashes with another."), _ => "วาระนี้ซ้อนกับวาระของผู้อื่นที่ดำรงตำแหน่งอยู่"),
        (Exact("The term of office is not valid."), _ => "ข้อมูลวาระการดำรงตำแหน่งไม่ถูกต้อง"),
        (Exact("The end date is before the start date."), _ => "วันสิ้นสุดอยู่ก่อนวันเริ่ม"),
        (Starts("Unknown role."), _ => "ตำแหน่งไม่ถูกต้อง"),
        (Exact("The file cannot be imported."), _ => "นำเข้าไฟล์นี้ไม่ได้"),
        (Exact("The file is too large."), _ => "ไฟล์มีขนาดใหญ่เกินไป"),
        (Starts("Import at most"), _ => "นำเข้าได้ครั้งละไม่เกิน 2 MB โปรดแบ่งไฟล์"),
        (new Regex(@"^(?<bad>[0-9]+) of (?<rows>[0-9]+) rows are bad \(lines (?<lines>[0-9, ]+)\)\.", RegexOptions.CultureInvariant),
            m => $"มีแถวที่ไม่ถูกต้อง {m.Groups["bad"].Value} จาก {m.Groups["rows"].Value} แถว (บรรทัดที่ {m.Groups["lines"].Value}) แก้ไขแล้วนำเข้าอีกครั้ง หรือเลือกนำเข้าเฉพาะแถวที่ถูกต้อง"),
        (Starts("Correct them and import the file again"), _ => "แก้ไขแถวเหล่านี้แล้วนำเข้าอีกครั้ง หรือเลือกนำเข้าเฉพาะแถวที่ถูกต้อง"),
        (Exact("The registry changed during the import."), _ => "มีการแก้ไขทะเบียนระหว่างนำเข้า จึงยังไม่ได้นำเข้าข้อมูลใด ๆ โปรดนำเข้าอีกครั้ง"),
        (Starts("Not a Thai mobile"), _ => "ไม่ใช่หมายเลขโทรศัพท์มือถือ (06, 08, 09) หรือโทรศัพท์พื้นฐานของไทย"),
        (Exact("Only Thai numbers (+66) are accepted."), _ => "รับเฉพาะหมายเลขโทรศัพท์ของไทย (+66)"),
        (Exact("The access token is not valid."), _ => "สิทธิ์การเข้าใช้ไม่ถูกต้อง"),
        (Exact("Too many requests."), _ => "ส่งคำขอถี่เกินไป"),
    ];

    private static Regex Exact(string text) => new($"^{Regex.Escape(text)}$", RegexOptions.CultureInvariant);

    private static Regex Starts(string text) => new($"^{Regex.Escape(text)}", RegexOptions.CultureInvariant);

    private static Regex AtMost(string text) => new($"^{Regex.Escape(text)} (?<n>[0-9,]+) characters\\.", RegexOptions.CultureInvariant);
}
