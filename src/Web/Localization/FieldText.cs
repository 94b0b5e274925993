using Municipal.ServiceDefaults.Problems;
using Municipal.Web.Api;
using System.Globalization;

namespace Municipal.Web.Localization;

/// <summary>
/// A field error of the API in the page's language, from its code and values (<c>errorCodes</c>, see
/// <see cref="FieldErrorCodes"/>), never from its English message: every code has a Thai and an English sentence
/// (a test checks the list), and the field's own name when a sentence needs it.
/// </summary>
public static class FieldText
{
    /// <summary>What to tell a person about one coded error of <paramref name="field"/>.</summary>
    public static string Say(FieldCode error, string field)
    {
        var (th, en) = Sentence(error, field);
        return L.T(th, en);
    }

    /// <summary>The API's errors of one field, said from their codes; an error the API sent without a code is said generally.</summary>
    public static IReadOnlyList<string> For(Problem problem, string field)
    {
        var coded = problem.CodesFor(field);
        if (coded.Count > 0)
        {
            return coded.Select(c => Say(c, field)).Distinct().ToList();
        }

        return problem.For(field).Count > 0 ? [L.T("ข้อมูลในช่องนี้ไม่ถูกต้อง", "This field is not valid.")] : [];
    }

    /// <summary>The name of a field of the API (or a column of an imported file), for sentences and the error summary.</summary>
    public static string Name(string field) => Names.TryGetValue(field, out var name) ? L.T(name.Th, name.En) : field;

    public static bool HasName(string field) => Names.ContainsKey(field);

    private static (string Th, string En) Sentence(FieldCode e, string field)
    {
        var max = Num(e.Number("max"));
        var min = Num(e.Number("min"));
        var name = Names.TryGetValue(field, out var n) ? n : (field, field);
        return e.Code switch
        {
            FieldErrorCodes.Required => ($"โปรดกรอก{name.Item1}", $"{name.Item2} is required."),
            FieldErrorCodes.TooLong when e.Flag("items") => ($"ได้ไม่เกิน {max} รายการ", $"At most {max} items."),
            FieldErrorCodes.TooLong => ($"ยาวได้ไม่เกิน {max} ตัวอักษร", $"At most {max} characters."),
            FieldErrorCodes.OutOfRange when e.Number("max") >= int.MaxValue => ($"ต้องไม่น้อยกว่า {min}", $"At least {min}."),
            FieldErrorCodes.OutOfRange => ($"ต้องอยู่ระหว่าง {min} ถึง {max}", $"From {min} to {max}."),
            FieldErrorCodes.NotOneOf => ("โปรดเลือกจากรายการที่มีให้", "Choose one of the listed values."),
            FieldErrorCodes.Format => Format(e),
            FieldErrorCodes.WrongCalendar when e.Text("expected") == FieldCalendars.BuddhistEra =>
                ($"ปีนี้ดูเหมือนเป็นปี ค.ศ. โปรดกรอกปี พ.ศ.{Suggested(e, " (เช่น {0})")}",
                    $"That looks like a Common Era year: give the Buddhist Era year{Suggested(e, " ({0})")}."),
            FieldErrorCodes.WrongCalendar => ($"วันที่ต้องเป็นปี ค.ศ.{Suggested(e, " (เช่น {0})")}", $"Dates are in the Common Era{Suggested(e, " ({0})")}."),
            FieldErrorCodes.OutsideMunicipality => ("ตำแหน่งอยู่นอกเขตเทศบาล โปรดตรวจสอบพิกัด", "The place is outside the municipality: check the position."),
            FieldErrorCodes.EndBeforeStart => ("เวลาหรือวันสิ้นสุดต้องอยู่หลังเวลาหรือวันเริ่ม", "The end must come after the start."),
            FieldErrorCodes.SameTimes => ("เวลาเริ่มและเวลาสิ้นสุดต้องไม่เท่ากัน", "The two times must differ."),
            FieldErrorCodes.TooLate => ("วันที่เก่าเกินไป", "The date is too far in the past."),
            FieldErrorCodes.LongerThanADay => ("การประชุมหนึ่งครั้งยาวได้ไม่เกิน 24 ชั่วโมง", "A session lasts at most 24 hours."),
            FieldErrorCodes.OutsideFiscalYear => ($"ต้องอยู่ในปีงบประมาณ {Num(e.Number("fiscalYear"))} ของโครงการ", $"It must fall in the programme's fiscal year {Num(e.Number("fiscalYear"))} B.E."),
            FieldErrorCodes.OverVenueCapacity => ($"ห้องประชุมจุได้ {max} คน จำนวนที่นั่งต้องไม่เกินนี้", $"The room holds {max}: no more seats than that."),
            FieldErrorCodes.BothOrNeither => ("โปรดระบุทั้งละติจูดและลองจิจูด หรือไม่ระบุทั้งสองค่า", "Give both latitude and longitude, or neither."),
            FieldErrorCodes.ControlCharacters => ("ห้ามมีการขึ้นบรรทัดใหม่หรือแท็บในช่องนี้", "No line breaks or tabs here."),
            FieldErrorCodes.ChannelWithoutAddress => ChannelWithoutAddress(e.Text("channel")),
            FieldErrorCodes.NeededForStatus => ($"ชุมชนที่{Labels.Code(e.Text("status"))}ต้องระบุ{name.Item1}", $"A {e.Text("status")} community needs this."),
            FieldErrorCodes.NotForStatus => ($"ไม่ต้องระบุ{name.Item1}สำหรับชุมชนที่{Labels.Code(e.Text("status"))} (และควบรวมเข้ากับตนเองไม่ได้)",
                $"Not for a community that is {e.Text("status")} (nor merged into itself)."),
            FieldErrorCodes.NeededForRole => ($"ตำแหน่ง{Labels.Office(e.Text("role"))}ต้องระบุ{name.Item1}", $"The office {Labels.Office(e.Text("role"))} needs this."),
            FieldErrorCodes.NotForRole => ($"ตำแหน่ง{Labels.Office(e.Text("role"))}ไม่ต้องระบุ{name.Item1}", $"The office {Labels.Office(e.Text("role"))} does not take this."),
            FieldErrorCodes.NoteNeededToReject => ("การไม่รับเรื่องต้องระบุเหตุผลในหมายเหตุ", "A rejection needs its reason in the note."),
            FieldErrorCodes.OnlyWhenTriaging => ("ระบุกองได้เฉพาะเมื่อส่งต่อหน่วยงาน", "A division is given only when triaging."),
            FieldErrorCodes.NothingReported => ("โปรดระบุขั้นตอนใหม่ ความคืบหน้า หรืออย่างน้อยบันทึก", "Give a new stage, a percentage, or at least a note."),
            FieldErrorCodes.OnlyForPhoneIntake => ("ระบุผู้แจ้งได้เฉพาะคำร้องที่รับทางโทรศัพท์", "Only a phoned-in request names its caller."),
            FieldErrorCodes.OneOfTheTwo => ("โปรดกรอกรหัสเข้างาน หรือเลือกบุคคลสำหรับผู้ที่ไม่ได้ลงทะเบียน อย่างใดอย่างหนึ่ง", "Give the check-in code, or the person for a walk-in."),
            FieldErrorCodes.AlreadyRegistered => ("ผู้นี้ลงทะเบียนการประชุมครั้งนั้นไว้แล้ว", "The person is already registered for that session."),
            FieldErrorCodes.SpanTooLong => ($"ช่วงวันยาวได้ไม่เกิน {Num(e.Number("days"))} วัน", $"At most {Num(e.Number("days"))} days."),
            FieldErrorCodes.NoFile => ("โปรดแนบไฟล์", "Attach a file."),
            FieldErrorCodes.UnknownReference => e.Text("value") is { } value
                ? ($"ไม่พบ {value} ในทะเบียน", $"{value} is not in the registry.")
                : ("ไม่พบข้อมูลนี้ในทะเบียน", "It is not in the registry."),
            FieldErrorCodes.DuplicateRow => ($"ซ้ำกับบรรทัดที่ {Num(e.Number("line"))}", $"The same as line {Num(e.Number("line"))}."),
            FieldErrorCodes.DependsOnBadRow => ($"แถวของ {e.Text("value")} ไม่ถูกต้อง จึงนำเข้าแถวนี้ไม่ได้", $"The row of {e.Text("value")} is bad, so this one is not imported."),
            FieldErrorCodes.DiffersFromLine => ($"ข้อมูลบุคคลต่างจากบรรทัดที่ {Num(e.Number("line"))} โปรดกรอกให้ตรงกันทุกแถว", $"The person's details differ from line {Num(e.Number("line"))}."),
            FieldErrorCodes.Ambiguous => ("มีหลายคนชื่อตรงกัน โปรดระบุรหัสบุคคลหรือเบอร์โทรศัพท์", "Several people match: give the person's id or phone."),
            FieldErrorCodes.Erased => ("ข้อมูลของบุคคลนี้ถูกลบแล้ว", "This person was erased."),
            FieldErrorCodes.Taken => ("มีบุคคลอื่นใช้บัญชีผู้ใช้นี้แล้ว", "Another person has this account."),
            FieldErrorCodes.TermEnded => ($"วาระนี้สิ้นสุดแล้วเมื่อ {Day(e.Text("endDate"))} เปิดวาระเดิมอีกไม่ได้", $"This term ended on {Day(e.Text("endDate"))}; it is not reopened."),
            FieldErrorCodes.TermNotExtended => ($"วาระนี้สิ้นสุด {Day(e.Text("endDate"))} ขยายวาระไม่ได้ โปรดแต่งตั้งวาระใหม่", $"This term ends on {Day(e.Text("endDate"))}; it is not extended."),
            FieldErrorCodes.OfficeClash => ($"วาระซ้อนกับวาระ{Labels.Office(e.Text("role"))}ของ {e.Text("holder")} ({Day(e.Text("startDate"))} – {Day(e.Text("endDate"))})",
                $"The term clashes with {e.Text("holder")}'s term as {Labels.Office(e.Text("role"))} ({Day(e.Text("startDate"))} – {Day(e.Text("endDate"))})."),
            FieldErrorCodes.CommunityNotActive => ($"ชุมชนนี้{Labels.Code(e.Text("status"))} จึงรับวาระใหม่ไม่ได้", $"The community is {Labels.Code(e.Text("status")).ToLowerInvariant()} and takes no new terms."),
            FieldErrorCodes.FieldCount => ($"แถวนี้มี {Num(e.Number("count"))} ช่อง แต่หัวตารางมี {Num(e.Number("expected"))} ช่อง", $"The row has {Num(e.Number("count"))} fields; the header {Num(e.Number("expected"))}."),
            FieldErrorCodes.StrayQuote => ("มีเครื่องหมายคำพูดอยู่กลางช่องที่ไม่ได้อยู่ในเครื่องหมายคำพูด", "A quote appears inside a field that is not quoted."),
            _ => ("ข้อมูลในช่องนี้ไม่ถูกต้อง", "This field is not valid."),
        };
    }

    private static (string, string) Format(FieldCode e) => e.Text("format") switch
    {
        FieldFormats.Email => ("อีเมลไม่ถูกต้อง (เช่น name@example.com)", "Not an email address (e.g. name@example.com)."),
        FieldFormats.ThaiPhone => ("หมายเลขโทรศัพท์ไม่ถูกต้อง (เช่น 081-234-5678 หรือ 055-711-123)", "Not a Thai phone number (e.g. 081-234-5678)."),
        FieldFormats.ThaiMobile => ("หมายเลขโทรศัพท์มือถือไม่ถูกต้อง (เช่น 081-234-5678)", "Not a Thai mobile number (e.g. 081-234-5678)."),
        FieldFormats.LineUserId => ("รหัสผู้ใช้ LINE ต้องขึ้นต้นด้วยตัว U ตามด้วยเลขฐานสิบหก 32 หลัก", "A LINE user id is U and 32 hexadecimal digits."),
        FieldFormats.CommunityCode => ("รหัสชุมชนประกอบด้วยตัวอักษรอังกฤษ ตัวเลข และขีด เช่น KPP-01", "Letters, digits and dashes, e.g. KPP-01."),
        FieldFormats.Subject => ("รหัสบัญชีผู้ใช้ต้องไม่มีช่องว่าง", "An account id has no spaces."),
        FieldFormats.Date => ("วันที่ไม่ถูกต้อง", "Not a date."),
        FieldFormats.DateTime => ("วันและเวลาไม่ถูกต้อง", "Not a date and time."),
        FieldFormats.TimeOfDay => ("เวลาต้องอยู่ในรูป ชั่วโมง:นาที เช่น 21:00", "A time of day as hours:minutes, e.g. 21:00."),
        FieldFormats.CheckInCode => ($"รหัสเข้างานมี {Num(e.Number("length"))} ตัว ใช้ตัวเลข 2–9 และตัวอักษรอังกฤษ (ไม่มีเลข 0 และ 1)",
            $"A check-in code has {Num(e.Number("length"))} characters: digits 2–9 and letters (no 0 or 1)."),
        FieldFormats.ClaimCode => ("รหัสยืนยันเป็นตัวเลข 6 หลัก", "The code has 6 digits."),
        FieldFormats.Money => ("งบประมาณเป็นจำนวนบาท ไม่ติดลบ ทศนิยมไม่เกิน 2 ตำแหน่ง", "An amount in baht, not negative, at most two decimals."),
        FieldFormats.IdempotencyKey => ("แบบฟอร์มนี้ใช้ไม่ได้แล้ว โปรดโหลดหน้าใหม่", "This form can no longer be sent: reload the page."),
        FieldFormats.WholeNumber => ("ต้องเป็นจำนวนเต็ม", "A whole number."),
        FieldFormats.Number => ("ต้องเป็นตัวเลข (ใช้จุดสำหรับทศนิยม)", "A number (a dot for decimals)."),
        FieldFormats.Id => ("รหัสอ้างอิงไม่ถูกต้อง", "Not an id."),
        FieldFormats.Text => ("อ่านไฟล์นี้ไม่ได้ โปรดบันทึกเป็นไฟล์ข้อความ UTF-8 แล้วลองอีกครั้ง", "The file cannot be read: save it as UTF-8 text and try again."),
        _ => ("อ่านข้อมูลนี้ไม่ได้ โปรดตรวจสอบ", "This cannot be read: check it."),
    };

    private static (string, string) ChannelWithoutAddress(string? channel) => channel switch
    {
        "email" => ("เลือกรับทางอีเมลแต่ยังไม่ได้กรอกอีเมล", "Email is chosen but no email address is given."),
        "sms" => ("เลือกรับทาง SMS แต่ยังไม่ได้กรอกเบอร์มือถือ", "SMS is chosen but no mobile number is given."),
        "line" => ("เลือกรับทาง LINE แต่ยังไม่ได้เชื่อมบัญชี LINE", "LINE is chosen but no LINE account is linked."),
        _ => ("ช่องทางที่เลือกยังไม่มีที่อยู่ติดต่อ", "The chosen channel has no address."),
    };

    private static string Suggested(FieldCode e, string format) =>
        e.Number("suggested") is { } year ? string.Format(CultureInfo.InvariantCulture, format, Num(year)) : "";

    private static string Num(decimal? value) => value?.ToString("#,0.##", CultureInfo.InvariantCulture) ?? "";

    private static string Day(string? iso) =>
        DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? Dates.Day(day) : L.T("ไม่กำหนด", "open-ended");

    /// <summary>Field names of the API's bodies and filters, and the columns of the registry's CSV files.</summary>
    private static readonly Dictionary<string, (string Th, string En)> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["title"] = ("หัวเรื่อง", "The title"),
        ["description"] = ("รายละเอียด", "The description"),
        ["category"] = ("หมวดหมู่", "The category"),
        ["communityId"] = ("ชุมชน", "The community"),
        ["location"] = ("ตำแหน่ง", "The location"),
        ["latitude"] = ("ละติจูด", "The latitude"),
        ["addressText"] = ("ที่อยู่หรือจุดสังเกต", "The address"),
        ["note"] = ("หมายเหตุ", "The note"),
        ["to"] = ("สถานะใหม่", "The new state"),
        ["duplicateOf"] = ("คำร้องต้นเรื่อง", "The original request"),
        ["projectId"] = ("โครงการในแผนพัฒนา", "The plan project"),
        ["division"] = ("กอง", "The division"),
        ["strategy"] = ("ยุทธศาสตร์การพัฒนา", "The strategy"),
        ["fiscalYear"] = ("ปีงบประมาณ", "The fiscal year"),
        ["fiscalYears"] = ("ปีงบประมาณ", "The fiscal years"),
        ["firstYear"] = ("ปีงบประมาณแรกของแผน", "The first fiscal year"),
        ["estimatedBudget"] = ("งบประมาณโดยประมาณ", "The estimated budget"),
        ["requestIds"] = ("คำร้อง", "The requests"),
        ["stage"] = ("ขั้นตอน", "The stage"),
        ["percent"] = ("ความคืบหน้า", "The progress"),
        ["photo"] = ("รูปถ่าย", "The photo"),
        ["code"] = ("รหัส", "The code"),
        ["attendeeCount"] = ("จำนวนผู้เข้าร่วม", "The head count"),
        ["minutes"] = ("รายงานการประชุม", "The minutes"),
        ["reason"] = ("เหตุผล", "The reason"),
        ["capacity"] = ("จำนวนที่นั่ง", "The capacity"),
        ["startsAt"] = ("เวลาเริ่ม", "The start"),
        ["endsAt"] = ("เวลาสิ้นสุด", "The end"),
        ["sessionId"] = ("การประชุม", "The session"),
        ["personId"] = ("บุคคล", "The person"),
        ["role"] = ("ตำแหน่ง", "The office"),
        ["startDate"] = ("วันเริ่มวาระ", "The start date"),
        ["endDate"] = ("วันสิ้นสุดวาระ", "The end date"),
        ["divisionId"] = ("กอง", "The division"),
        ["firstNameTh"] = ("ชื่อ (ภาษาไทย)", "The first name"),
        ["lastNameTh"] = ("นามสกุล (ภาษาไทย)", "The last name"),
        ["nameEn"] = ("ชื่อภาษาอังกฤษ", "The English name"),
        ["nameTh"] = ("ชื่อชุมชน", "The name"),
        ["phone"] = ("หมายเลขโทรศัพท์", "The phone number"),
        ["email"] = ("อีเมล", "The email"),
        ["lineUserId"] = ("รหัสผู้ใช้ LINE", "The LINE user id"),
        ["preferredChannel"] = ("ช่องทางรับแจ้งเตือน", "The channel"),
        ["language"] = ("ภาษา", "The language"),
        ["quietHours"] = ("ช่วงเวลางดแจ้งเตือน", "The quiet hours"),
        ["subject"] = ("บัญชีผู้ใช้", "The account"),
        ["file"] = ("ไฟล์", "The file"),
        ["page"] = ("หน้า", "The page"),
        ["pageSize"] = ("จำนวนต่อหน้า", "The page size"),
        ["from"] = ("วันเริ่ม", "The first day"),
        ["asOf"] = ("ณ วันที่", "The day"),
        ["claimCode"] = ("รหัสยืนยัน", "The code"),
        // columns of the registry's CSV files, as the file names them
        ["name_th"] = ("ชื่อชุมชน", "The name"),
        ["name_en"] = ("ชื่อภาษาอังกฤษ", "The English name"),
        ["latitude/longitude"] = ("พิกัด", "The position"),
        ["longitude"] = ("ลองจิจูด", "The longitude"),
        ["zone"] = ("เขต", "The zone"),
        ["households"] = ("จำนวนครัวเรือน", "The households"),
        ["population"] = ("จำนวนประชากร", "The population"),
        ["status"] = ("สถานะ", "The status"),
        ["status_date"] = ("วันที่เปลี่ยนสถานะ", "The status date"),
        ["merged_into"] = ("ชุมชนที่ควบรวมเข้า", "The community merged into"),
        ["first_name_th"] = ("ชื่อ", "The first name"),
        ["last_name_th"] = ("นามสกุล", "The last name"),
        ["person_id"] = ("รหัสบุคคล", "The person id"),
        ["line_user_id"] = ("รหัสผู้ใช้ LINE", "The LINE user id"),
        ["preferred_channel"] = ("ช่องทางรับแจ้งเตือน", "The channel"),
        ["community_code"] = ("รหัสชุมชน", "The community code"),
        ["division_code"] = ("รหัสกอง", "The division code"),
        ["start_date"] = ("วันเริ่มวาระ", "The start date"),
        ["end_date"] = ("วันสิ้นสุดวาระ", "The end date"),
    };
}
