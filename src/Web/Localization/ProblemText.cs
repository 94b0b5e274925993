using Municipal.Web.Api;
using System.Globalization;
using System.Text.Json;

namespace Municipal.Web.Localization;

/// <summary>
/// What to tell a person about a problem the API answered, in the page's language, from the problem's kind (the
/// code of its <c>type</c>, docs/architecture.md "Problem kinds") and its extension members: a headline, and what
/// the person can do next where there is something. The API's English <c>title</c> and <c>detail</c> are never
/// shown; a kind this client does not know yet is said by its status.
/// </summary>
public static class ProblemText
{
    /// <summary>The sentence for the problem: its kind's, or its status's.</summary>
    public static string Headline(Problem problem) =>
        problem.Kind is { } kind && Kinds.TryGetValue(kind, out var say) ? Pick(say(problem)) : ByStatus(problem.Status);

    /// <summary>What the kind's extension members add (the allowed states, when check-in opens…), or null.</summary>
    public static string? Explanation(Problem problem) =>
        problem.Kind is { } kind && Details.TryGetValue(kind, out var say) && say(problem) is { } text ? Pick(text) : null;

    /// <summary>Whether this client has its own words for a kind (a test checks every kind the docs list).</summary>
    public static bool Knows(string kind) => Kinds.ContainsKey(kind);

    /// <summary>Whether the problem is about fields (400 with <c>errors</c>): said under each field and in the error summary.</summary>
    public static bool IsAboutFields(Problem problem) => problem.Fields.Count > 0;

    private static string Pick((string Th, string En) text) => L.T(text.Th, text.En);

    private static string ByStatus(int status) => status switch
    {
        Problem.Unreachable => L.T("ติดต่อระบบไม่ได้ในขณะนี้ ข้อมูลที่กรอกไว้ยังอยู่ครบ ลองส่งอีกครั้ง",
            "The system cannot be reached right now. What you entered is kept: try again."),
        400 => L.T("ข้อมูลยังไม่ถูกต้อง โปรดแก้ไขตามข้อความใต้ช่องที่กรอก", "Some of the input is not valid: see the messages under the fields."),
        401 => L.T("การเข้าสู่ระบบหมดอายุหรือไม่ถูกต้อง โปรดเข้าสู่ระบบอีกครั้ง", "Your sign-in has expired or is not valid. Please sign in again."),
        403 => L.T("ท่านไม่มีสิทธิ์ทำรายการนี้", "You are not allowed to do this."),
        404 => L.T("ไม่พบข้อมูลนี้ หรือท่านไม่มีสิทธิ์เห็นข้อมูลนี้", "Not found, or you may not see it."),
        409 => L.T("ทำรายการนี้ไม่ได้ในสถานะปัจจุบัน", "This cannot be done in the current state."),
        412 or 428 => L.T("มีผู้อื่นแก้ไขข้อมูลนี้ไปก่อนแล้ว โปรดโหลดหน้าใหม่แล้วทำอีกครั้ง", "Someone changed this meanwhile. Reload it and try again."),
        413 => L.T("ไฟล์หรือข้อมูลมีขนาดใหญ่เกินกำหนด", "The file or the input is too large."),
        415 => L.T("ไม่รองรับชนิดไฟล์นี้", "This kind of file is not accepted."),
        422 => L.T("ข้อมูลอ้างถึงสิ่งที่ใช้ไม่ได้", "The input refers to something that cannot be used."),
        429 => L.T("ส่งคำขอถี่เกินไป โปรดรอสักครู่แล้วลองใหม่", "Too many requests. Wait a moment and try again."),
        >= 500 => L.T("ระบบขัดข้องชั่วคราว ข้อมูลที่กรอกไว้ยังอยู่ โปรดลองใหม่ภายหลัง", "The system failed for a moment. What you entered is kept: try again later."),
        _ => L.T("ทำรายการไม่สำเร็จ", "That did not work."),
    };

    private static readonly (string, string) Unavailable =
        ("ระบบยังไม่พร้อมให้บริการในขณะนี้ ข้อมูลที่กรอกไว้ยังอยู่ โปรดลองใหม่อีกครั้ง", "The system is not available right now. What you entered is kept: try again.");

    /// <summary>The headline of each kind.</summary>
    private static readonly Dictionary<string, Func<Problem, (string Th, string En)>> Kinds = new()
    {
        // shared
        ["validation"] = _ => ("ข้อมูลยังไม่ถูกต้อง โปรดแก้ไขตามข้อความใต้ช่องที่กรอก", "Some of the input is not valid: see the messages under the fields."),
        ["unreadable"] = _ => ("ระบบอ่านข้อมูลที่ส่งไม่ได้ โปรดตรวจสอบแล้วส่งอีกครั้ง", "What was sent could not be read: check it and send it again."),
        ["unauthorized"] = _ => ("การเข้าสู่ระบบหมดอายุหรือไม่ถูกต้อง โปรดเข้าสู่ระบบอีกครั้ง", "Your sign-in has expired or is not valid. Please sign in again."),
        ["forbidden"] = _ => ("ท่านไม่มีสิทธิ์ทำรายการนี้", "You are not allowed to do this."),
        ["not-found"] = _ => ("ไม่พบข้อมูลนี้ หรือท่านไม่มีสิทธิ์เห็นข้อมูลนี้", "Not found, or you may not see it."),
        ["method-not-allowed"] = _ => ("ทำรายการนี้ด้วยวิธีนี้ไม่ได้", "This cannot be done this way."),
        ["not-acceptable"] = _ => ("ระบบตอบในรูปแบบที่ขอไม่ได้", "No answer in the format asked for."),
        ["conflict"] = _ => ("ทำรายการนี้ไม่ได้ในสถานะปัจจุบัน", "This cannot be done in the current state."),
        ["stale"] = _ => ("มีผู้อื่นแก้ไขข้อมูลนี้ไปก่อนแล้ว โปรดโหลดหน้าใหม่แล้วทำอีกครั้ง", "Someone changed this meanwhile. Reload it and try again."),
        ["payload-too-large"] = _ => ("ไฟล์หรือข้อมูลมีขนาดใหญ่เกินกำหนด", "The file or the input is too large."),
        ["uri-too-long"] = _ => ("ที่อยู่หน้าเว็บยาวเกินไป", "The address is too long."),
        ["unsupported-media-type"] = _ => ("ไม่รองรับชนิดไฟล์นี้", "This kind of file is not accepted."),
        ["unprocessable"] = _ => ("ข้อมูลอ้างถึงสิ่งที่ใช้ไม่ได้", "The input refers to something that cannot be used."),
        ["idempotency-key-reused"] = _ => ("แบบฟอร์มนี้ส่งไปแล้วด้วยข้อมูลอื่น โปรดโหลดหน้าใหม่แล้วกรอกอีกครั้ง", "This form was sent already with other content: reload the page and fill it in again."),
        ["if-match-required"] = _ => ("โปรดโหลดข้อมูลล่าสุดก่อนแก้ไข", "Load the latest version before changing it."),
        ["too-many-requests"] = _ => ("ส่งคำขอถี่เกินไป โปรดรอสักครู่แล้วลองใหม่", "Too many requests. Wait a moment and try again."),
        ["headers-too-large"] = _ => ("คำขอมีขนาดใหญ่เกินไป โปรดออกจากระบบแล้วเข้าสู่ระบบใหม่", "The request is too large: sign out and in again."),
        ["internal"] = _ => ("ระบบขัดข้องชั่วคราว ข้อมูลที่กรอกไว้ยังอยู่ โปรดลองใหม่ภายหลัง", "The system failed for a moment. What you entered is kept: try again later."),
        ["bad-gateway"] = _ => Unavailable,
        ["unavailable"] = _ => Unavailable,
        ["gateway-timeout"] = _ => Unavailable,
        ["event-not-parked"] = p => ("รายการนี้ไม่ได้ค้างอยู่ จึงส่งใหม่ไม่ได้", "This event is not parked, so it is not re-driven."),
        // Notifications
        ["shared-inbox-staff-only"] = _ => ("กล่องข้อความร่วมสำหรับเจ้าหน้าที่เทศบาลเท่านั้น", "Shared inboxes are for municipal staff."),
        ["no-division"] = _ => ("บัญชีของท่านยังไม่ได้ระบุกอง จึงไม่มีกล่องข้อความหรือรายชื่อเจ้าหน้าที่ของกองให้เปิด",
            "Your account names no division: there is no division inbox or roster for it."),
        ["development-door-closed"] = _ => ("ลงชื่อเข้าใช้แบบทดสอบได้เฉพาะเมื่อเปิดระบบไว้บนเครื่องนี้ (localhost) เท่านั้น",
            "Development sign-in works only while the web client listens on this machine alone (localhost)."),
        ["delivery-emptied"] = _ => ("ข้อความของรายการนี้ไม่ได้เก็บไว้แล้ว (ลบตามคำขอหรือพ้นระยะเก็บรักษา) จึงส่งซ้ำไม่ได้ โปรดส่งประกาศใหม่",
            "What this delivery said is no longer kept (erased, or past its retention): send a new notice instead."),
        ["delivery-not-failed"] = p => ($"ส่งซ้ำได้เฉพาะรายการที่ส่งไม่สำเร็จ (รายการนี้: {p.Text("deliveryStatus")})", $"Only a failed delivery is retried (this one: {p.Text("deliveryStatus")})."),
        ["line-unavailable"] = _ => ("ระบบยังไม่ได้เปิดใช้ LINE", "LINE is not set up here."),
        ["line-not-linked"] = _ => ("ยังไม่ได้เชื่อมบัญชี LINE กด \"รับรหัสเชื่อม LINE\" ที่หน้าการรับแจ้งเตือน แล้วส่งรหัสในแชต LINE ของเทศบาลก่อนเลือกรับทาง LINE",
            "Your LINE account is not linked yet: tap \"Get a LINE link code\" on the contact preferences page and send the code in the municipality's LINE chat first."),
        ["no-contact-address"] = p => p.Text("channel") switch
        {
            "email" => ("ทะเบียนยังไม่มีอีเมลของท่าน โปรดแจ้งเจ้าหน้าที่งานทะเบียนก่อนเลือกรับทางอีเมล", "The registry has no email address of yours: ask the registry staff first."),
            "sms" => ("ทะเบียนยังไม่มีเบอร์มือถือของท่าน โปรดแจ้งเจ้าหน้าที่งานทะเบียนก่อนเลือกรับทาง SMS", "The registry has no mobile number of yours: ask the registry staff first."),
            _ => ("ทะเบียนยังไม่มีที่อยู่ติดต่อสำหรับช่องทางนี้", "The registry has no address for this channel."),
        },
        ["line-signature-invalid"] = _ => ("ลายมือชื่อของ LINE ไม่ถูกต้อง", "The LINE signature is not valid."),
        // Communities
        ["community-code-taken"] = p => ($"รหัสชุมชน {p.Text("code")} มีชุมชนอื่นใช้แล้ว", $"Another community has the code {p.Text("code")}."),
        ["unknown-community"] = _ => ("ไม่พบชุมชนนี้ในทะเบียน", "The registry has no such community."),
        ["community-not-active"] = p => ($"ชุมชนนี้{Labels.Code(p.Text("status"))} จึงรับตำแหน่งใหม่ไม่ได้", $"The community is {Labels.Code(p.Text("status")).ToLowerInvariant()} and takes no new office."),
        ["unknown-division"] = _ => ("ไม่พบกองนี้ในทะเบียน", "The registry has no such division."),
        ["unknown-person"] = p => Flag(p, "erased") ? ("ข้อมูลของบุคคลนี้ถูกลบแล้ว", "This person was erased.") : ("ไม่พบบุคคลนี้ในทะเบียน", "The registry has no such person."),
        ["subject-taken"] = _ => ("บัญชีผู้ใช้นี้เชื่อมกับบุคคลอื่นในทะเบียนแล้ว", "This account is linked to another person in the registry."),
        ["person-erased"] = _ => ("ข้อมูลของบุคคลนี้ถูกลบแล้ว แก้ไขไม่ได้", "This person was erased; the record cannot change."),
        ["contact-and-preferences-only"] = _ => ("ท่านแก้ไขได้เฉพาะข้อมูลติดต่อและการรับแจ้งเตือนของตนเอง", "You change only your own contact details and preferences."),
        ["office-clash"] = p => ($"วาระนี้ซ้อนกับวาระของ {p.Text("holder")} ที่ดำรงตำแหน่งนี้อยู่", $"The term clashes with that of {p.Text("holder")}, who holds this office."),
        ["term-not-extended"] = p => ($"วาระนี้สิ้นสุดวันที่ {Day(p.Text("endDate"))} แล้ว ขยายวาระไม่ได้ โปรดแต่งตั้งวาระใหม่", $"This term ends on {Day(p.Text("endDate"))} and is not extended: assign a new term."),
        ["import-bad-rows"] = _ => ("ไฟล์มีแถวที่ไม่ถูกต้อง จึงยังไม่ได้นำเข้าข้อมูลใด ๆ", "The file has bad rows, so nothing was imported."),
        ["import-raced"] = _ => ("มีการแก้ไขทะเบียนระหว่างนำเข้า จึงยังไม่ได้นำเข้าข้อมูลใด ๆ โปรดนำเข้าอีกครั้ง", "The registry changed during the import, so nothing was imported: import it again."),
        ["claim-code-wrong"] = p => Int(p, "attemptsLeft") is > 0 and var left
            ? ($"รหัสไม่ถูกต้อง ลองได้อีก {left} ครั้ง", $"The code is not right: {left} tries left.")
            : ("รหัสไม่ถูกต้องหรือหมดอายุแล้ว โปรดขอรหัสใหม่", "The code is not right or has expired: ask for a new one."),
        ["no-pending-claim"] = _ => ("ยังไม่ได้ขอรหัส หรือรหัสหมดอายุแล้ว โปรดขอรหัสใหม่", "No code was asked for, or it expired: ask for a new one."),
        ["already-linked"] = _ => ("บัญชีของท่านเชื่อมกับข้อมูลในทะเบียนแล้ว", "Your account is already linked to the registry."),
        // Scheduling
        ["not-linked-to-registry"] = _ => ("บัญชีของท่านยังไม่ได้เชื่อมกับข้อมูลในทะเบียนชุมชน", "Your account is not linked to your record in the registry yet."),
        ["unknown-reference"] = p => p.Text("field") switch
        {
            "code" => ("ไม่พบการลงทะเบียนที่ใช้รหัสนี้ในการประชุมครั้งนี้ โปรดตรวจสอบรหัสอีกครั้ง", "No registration for this session has that code: check it."),
            "periodId" => ("ไม่พบช่วงแผนพัฒนาที่ระบุ", "No such plan period."),
            "duplicateOf" => ("ไม่พบคำร้องต้นเรื่องที่ระบุ", "No such original request."),
            "projectId" => ("ไม่พบโครงการที่ระบุ", "No such plan project."),
            "venueId" => ("ไม่พบห้องประชุมที่ระบุ", "No such venue."),
            "programmeId" => ("ไม่พบโครงการประชุมที่ระบุ", "No such programme."),
            "communityId" => ("ไม่พบชุมชนที่ระบุ", "No such community."),
            "officer" => ("ผู้นี้ไม่อยู่ในรายชื่อเจ้าหน้าที่ของกอง", "That person is not on the division's roster."),
            _ => ("ไม่พบสิ่งที่ระบุ", "Something named in the request does not exist."),
        },
        ["session-clash"] = _ => ("ห้องประชุมมีการประชุมอื่นจองไว้ในเวลานั้น", "The room is booked by another session then."),
        ["programme-exists"] = _ => ("ปีงบประมาณนี้มีโครงการนี้อยู่แล้ว", "That fiscal year has this programme already."),
        ["session-number-taken"] = p => ($"โครงการนี้มีการประชุมครั้งที่ {Number(p, "number")} แล้ว", $"The programme has a session number {Number(p, "number")} already."),
        ["session-not-scheduled"] = p => p.Text("sessionStatus") == "cancelled"
            ? ("การประชุมนี้ถูกยกเลิกแล้ว", "The session was cancelled.")
            : ("การประชุมนี้ปิดแล้ว", "The session is closed."),
        ["session-started"] = p => ($"การประชุมเริ่มไปแล้วเมื่อ {When(p.Text("startsAt"))}", $"The session began at {When(p.Text("startsAt"))}."),
        ["session-not-started"] = p => ($"การประชุมยังไม่เริ่ม (เริ่ม {When(p.Text("startsAt"))})", $"The session has not begun (it begins {When(p.Text("startsAt"))})."),
        ["capacity-below-confirmed"] = p => ($"จำนวนที่นั่งน้อยกว่าผู้ที่ได้ที่นั่งแล้ว ({Number(p, "confirmed")} คน)", $"Fewer seats than the {Number(p, "confirmed")} already confirmed."),
        ["check-in-not-open"] = p => ($"ยังไม่เปิดให้ลงชื่อเข้างาน เปิดเวลา {When(p.Text("opensAt"))}", $"Check-in is not open yet: it opens {When(p.Text("opensAt"))}."),
        ["check-in-closed"] = p => ($"ปิดการลงชื่อเข้างานแล้วเมื่อ {When(p.Text("closedAt"))}", $"Check-in closed at {When(p.Text("closedAt"))}."),
        ["registration-cancelled"] = _ => ("การลงทะเบียนนี้ถูกยกเลิกแล้ว", "The registration was cancelled."),
        ["waitlisted"] = p => ($"ผู้นี้อยู่ในรายชื่อสำรอง (ลำดับสำรองที่ {Number(p, "position")}) และยังไม่มีที่นั่งว่าง", $"The person is number {Number(p, "position")} on the waitlist and no seat is free."),
        ["no-free-seat"] = _ => ("ไม่มีที่นั่งว่างสำหรับผู้ที่ไม่ได้ลงทะเบียนล่วงหน้า", "No seat is free for a walk-in."),
        ["already-registered"] = _ => ("ท่านลงทะเบียนการประชุมครั้งนี้ไว้แล้ว", "You are registered for this session already."),
        ["cancellation-closed"] = _ => ("ยกเลิกการลงทะเบียนไม่ได้แล้ว เนื่องจากใกล้เวลาประชุม โปรดแจ้งเจ้าหน้าที่", "It is too close to the session to cancel: tell the staff."),
        ["venue-exists"] = _ => ("มีห้องประชุมชื่อนี้แล้ว", "A venue of that name exists."),
        // Requests
        ["invalid-transition"] = p => p.Text("planProjectId") is not null
            ? ("คำร้องนี้อยู่ในโครงการของแผนพัฒนา สถานะจะเปลี่ยนตามความคืบหน้าของโครงการ", "The request follows its plan project: its state moves with the project.")
            : ($"คำร้องนี้อยู่ในสถานะ \"{Labels.RequestStatus(p.Text("currentStatus"))}\" จึงเปลี่ยนเป็นสถานะที่เลือกไม่ได้", $"The request is \"{Labels.RequestStatus(p.Text("currentStatus"))}\": it cannot move there."),
        ["request-not-open"] = p => ($"คำร้องนี้อยู่ในสถานะ \"{Labels.RequestStatus(p.Text("currentStatus"))}\" แล้ว หากปัญหากลับมาอีก โปรดแจ้งเรื่องใหม่", $"The request is {Labels.RequestStatus(p.Text("currentStatus")).ToLowerInvariant()}: if the problem is back, report it anew."),
        ["request-is-duplicate"] = _ => ("คำร้องนี้ซ้ำกับเรื่องอื่น โปรดสนับสนุนเรื่องต้นทางแทน", "This request repeats another: support the original instead."),
        ["own-request"] = _ => ("คำร้องของท่านเองนับรวมแล้ว", "Your own request counts already."),
        ["already-supported"] = _ => ("ท่านสนับสนุนคำร้องนี้แล้ว", "You support this request already."),
        ["feedback-not-open"] = p => p.Text("reason") switch
        {
            "too-late" => ("เลยกำหนดเวลาตอบแล้ว", "The time to answer has passed."),
            "closed" => ("คำร้องปิดแล้ว ให้คะแนนได้ แต่เปิดเรื่องใหม่จากคำตอบไม่ได้", "The request was closed: it takes a rating, not a reopening."),
            "round-over" => ("คำถามนี้เป็นของการแก้ไขครั้งก่อน คำร้องดำเนินการต่อไปแล้ว", "This question was about an earlier fix; the request has moved on."),
            _ => ("ตอบได้เมื่อคำร้องแก้ไขแล้วเท่านั้น", "An answer is taken once the request is resolved."),
        },
        ["feedback-given"] = _ => ("ท่านตอบเรื่องการแก้ไขครั้งนี้ไปแล้ว", "You answered about this fix already."),
        ["not-the-submitter"] = _ => ("เฉพาะผู้แจ้งเท่านั้นที่ยืนยันผลการแก้ไข", "Only the person who reported it answers this."),
        ["same-division"] = _ => ("คำร้องอยู่ที่หน่วยงานนี้อยู่แล้ว", "The request is with that division already."),
        ["submitter-in-registry"] = _ => ("ผู้แจ้งมีบัญชีในทะเบียนหรือแจ้งทาง LINE จึงลบข้อมูลที่นี่ไม่ได้ ให้ลบในทะเบียนหรือในแชต",
            "The submitter has an account or reported through the chat: erase them in the registry or in the chat."),
        ["no-recipients"] = _ => ("ไม่มีผู้รับตามกลุ่มที่เลือก", "Nobody in the chosen audience."),
        ["too-many-photos"] = p => p.Text("photos") == "after"
            ? ($"รูปหลังแก้ไขแนบได้ไม่เกิน {Number(p, "max")} รูปต่อคำร้อง", $"A request holds at most {Number(p, "max")} photos of its fix.")
            : ($"คำร้องหนึ่งเรื่องแนบรูปได้ไม่เกิน {Number(p, "max")} รูป", $"A request holds at most {Number(p, "max")} photos."),
        ["changed-meanwhile"] = _ => ("มีผู้อื่นแก้ไขพร้อมกัน โปรดโหลดหน้าใหม่แล้วทำอีกครั้ง", "Someone changed it at the same time: reload and try again."),
        ["plan-period-overlap"] = _ => ("ช่วงแผนนี้ซ้อนทับกับแผนที่มีอยู่", "The plan period overlaps one that exists."),
        ["plan-project-done"] = _ => ("โครงการนี้แล้วเสร็จ", "The project is done."),
        ["request-in-another-project"] = p => ($"คำร้อง {p.Text("requestNumber")} อยู่ในโครงการอื่นของแผนแล้ว", $"Request {p.Text("requestNumber")} is in another plan project."),
        ["progress-refused"] = _ => ("โครงการรับรายงานนี้ไม่ได้ในขั้นตอนปัจจุบัน", "The project cannot take this report at its stage."),
        ["not-your-work"] = _ => ("คำร้องนี้เป็นงานของกองอื่น", "This request is another division's work."),
        ["not-your-community"] = p => p.Text("leadership") == "unconfirmed"
            ? ("ทะเบียนชุมชนยังไม่แสดงว่าท่านดำรงตำแหน่งผู้นำของชุมชนนี้ในวันนี้ หากเพิ่งได้รับแต่งตั้ง โปรดลองใหม่ในอีกสักครู่ หากยังไม่ได้ โปรดติดต่อเจ้าหน้าที่ทะเบียนชุมชน",
                "The community registry does not show you leading this community today. If you were appointed just now, try again in a moment; otherwise ask the registry staff.")
            : ("ผู้นำชุมชนทำรายการได้เฉพาะชุมชนของตนเอง", "A community leader acts for their own community only."),
        ["phone-intake-staff-only"] = _ => ("เฉพาะเจ้าหน้าที่รับเรื่องทางโทรศัพท์ได้", "Only staff take phoned-in requests."),
        ["community-inactive"] = p => ($"ชุมชนนี้{Labels.Code(p.Text("communityStatus"))} จึงรับคำร้องใหม่ไม่ได้", $"The community is {Labels.Code(p.Text("communityStatus")).ToLowerInvariant()} and takes no new requests."),
        ["invalid-duplicate"] = _ => ("โปรดเลือกคำร้องต้นเรื่องที่ไม่ใช่เรื่องซ้ำ และไม่ใช่คำร้องนี้เอง", "Choose an original that is not a duplicate, nor this request."),
        ["outside-plan-period"] = p => Flag(p, "noPeriod")
            ? ("ยังไม่มีแผนพัฒนาที่ครอบคลุมปีงบประมาณนี้", "No development plan covers these fiscal years yet.")
            : ("ปีงบประมาณอยู่นอกช่วงของแผนพัฒนา", "The fiscal years lie outside the plan period."),
    };

    /// <summary>What some kinds add: the way forward, or what the extension members say.</summary>
    private static readonly Dictionary<string, Func<Problem, (string, string)?>> Details = new()
    {
        ["invalid-transition"] = p => Strings(p, "allowed") is { Count: > 0 } allowed
            ? ($"ขณะนี้เปลี่ยนได้เป็น: {string.Join(", ", allowed.Select(s => Labels.RequestStatus(s)))}", $"It can now move to: {string.Join(", ", allowed.Select(s => Labels.RequestStatus(s)))}.")
            : ("ขณะนี้ท่านเปลี่ยนสถานะคำร้องนี้ไม่ได้", "You cannot move it now."),
        ["outside-plan-period"] = p => Flag(p, "noPeriod")
            ? ("ผู้ดูแลระบบเปิดช่วงแผนพัฒนา 5 ปีได้ที่หน้า \"แผนพัฒนาท้องถิ่น\" แล้วจึงเสนอโครงการ", "An administrator opens a five-year plan on the \"Development plan\" page; then propose the project.")
            : Years(p) is { } range ? ($"แผนพัฒนาครอบคลุมปีงบประมาณ {range}", $"The plan covers the fiscal years {range}.") : null,
        ["import-bad-rows"] = p => Rows(p) is > 0 and var rows
            ? ($"แก้ไขแถวที่ไม่ถูกต้อง {rows} แถวด้านล่างแล้วนำเข้าอีกครั้ง หรือเลือกนำเข้าเฉพาะแถวที่ถูกต้อง", $"Correct the {rows} bad rows below and import again, or import the good rows only.")
            : null,
        ["not-linked-to-registry"] = _ => ("ยืนยันตัวตนด้วยรหัสที่ส่งไปยังโทรศัพท์ของท่านได้ด้านล่าง", "Confirm who you are with a code sent to your phone, below."),
    };

    private static bool Flag(Problem p, string name) => p.Extension(name) is { ValueKind: JsonValueKind.True };

    private static string Number(Problem p, string name) =>
        p.Extension(name) is { ValueKind: JsonValueKind.Number } n ? n.GetDecimal().ToString("#,0", CultureInfo.InvariantCulture) : "–";

    private static int? Int(Problem p, string name) =>
        p.Extension(name) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt32(out var value) ? value : null;

    private static IReadOnlyList<string>? Strings(Problem p, string name) =>
        p.Extension(name) is { ValueKind: JsonValueKind.Array } list ? list.EnumerateArray().Select(e => e.ToString()).ToList() : null;

    private static int? Rows(Problem p) => p.Extension("rows") is { ValueKind: JsonValueKind.Array } rows ? rows.GetArrayLength() : null;

    private static string? Years(Problem p) =>
        p.Extension("periods") is { ValueKind: JsonValueKind.Array } periods && periods.GetArrayLength() > 0
            ? string.Join(", ", periods.EnumerateArray().Select(x => $"{x.GetProperty("firstYear").GetInt32()}–{x.GetProperty("lastYear").GetInt32()}"))
            : null;

    private static string When(string? instant) =>
        DateTimeOffset.TryParse(instant, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? Dates.Short(at) : "–";

    private static string Day(string? iso) =>
        DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? Dates.Day(day) : "–";
}
