using Municipal.Notifications.Domain;
using Municipal.Notifications.Domain.Line;
using Municipal.Notifications.Rendering;
using System.Globalization;

namespace Municipal.Notifications.Application.Line;

/// <summary>
/// What the LINE chat says, in Thai (the chat's language), with the quick replies under each message. Postback data are
/// short query strings the chat reads back (<see cref="ChatInput"/>): <c>action=…</c>, <c>category=…</c>,
/// <c>metoo=…</c>, <c>feedback=…&amp;round=…&amp;by=…&amp;rating=…</c>.
/// </summary>
public sealed class LineChatScript(TemplateLibrary templates)
{
    /// <summary>Category codes with the short names a quick-reply button has room for (20 characters).</summary>
    public static readonly IReadOnlyList<(string Code, string Label)> Categories =
    [
        ("road", "ถนน/ทางเท้า"),
        ("drainage", "ท่อระบายน้ำ"),
        ("flooding", "น้ำท่วมขัง"),
        ("lighting", "ไฟส่องสว่าง"),
        ("tree", "ต้นไม้"),
        ("waste", "ขยะ/ความสะอาด"),
        ("water", "น้ำประปา"),
        ("other", "อื่น ๆ"),
    ];

    private static QuickReply Cancel => QuickReply.Postback("ยกเลิก", "action=cancel");

    private static readonly IReadOnlyList<QuickReply> Menu =
    [
        QuickReply.Postback("แจ้งปัญหา", "action=report"),
        QuickReply.Postback("เรื่องของฉัน", "action=mine"),
    ];

    public string CategoryName(string code) => templates.Label(Languages.Thai, $"category.{code}", code);

    public string StatusName(string code) => templates.Label(Languages.Thai, $"status.{code}", code);

    public ChatMessage Welcome(bool consented) => new(consented
        ? "สวัสดีครับ ยินดีต้อนรับกลับสู่ช่องทางแจ้งปัญหาของเทศบาล กด \"แจ้งปัญหา\" เพื่อแจ้งเรื่องใหม่ หรือ \"เรื่องของฉัน\" เพื่อดูเรื่องที่แจ้งไว้"
        : "สวัสดีครับ นี่คือช่องทางแจ้งปัญหาของเทศบาล เช่น ถนนชำรุด ท่อระบายน้ำอุดตัน ไฟส่องสว่างดับ ต้นไม้ใกล้ล้ม แจ้งได้ที่แชตนี้เลย", consented ? Menu : null);

    /// <summary>The PDPA notice: what is kept and why, before anything is; go on or stop.</summary>
    public ChatMessage PrivacyNotice(string? noticeUrl, bool thenReport) => new(
        "ก่อนแจ้งปัญหา ขอแจ้งเรื่องข้อมูลส่วนบุคคล: เทศบาลจะเก็บประเภทปัญหา รูปภาพ ตำแหน่ง และรายละเอียดที่ท่านส่งในแชตนี้ "
        + "พร้อมรหัสผู้ใช้ LINE ของท่าน เพื่อรับเรื่อง ส่งต่อหน่วยงานที่รับผิดชอบ และแจ้งความคืบหน้ากลับทาง LINE เท่านั้น "
        + "ชื่อและรหัส LINE ของท่านจะไม่ถูกเปิดเผยต่อสาธารณะ ท่านขอลบข้อมูลได้ทุกเมื่อโดยพิมพ์ \"ลบข้อมูลของฉัน\""
        + (string.IsNullOrWhiteSpace(noticeUrl) ? "" : $"\nรายละเอียด: {noticeUrl}"),
        [QuickReply.Postback("ยอมรับและแจ้งต่อ", thenReport ? "action=consent&then=report" : "action=consent"), QuickReply.Postback("ไม่ยอมรับ", "action=decline")]);

    public ChatMessage Declined() => new("รับทราบครับ เทศบาลไม่ได้เก็บข้อมูลใด ๆ ของท่าน หากเปลี่ยนใจ พิมพ์ \"แจ้งปัญหา\" ได้ทุกเมื่อ");

    public ChatMessage Consented() => new("ขอบคุณครับ");

    public ChatMessage AskCategory() => new("ปัญหาที่พบเป็นเรื่องใด เลือกจากปุ่มด้านล่างได้เลยครับ",
        [.. Categories.Select(c => QuickReply.Postback(c.Label, $"category={c.Code}", CategoryName(c.Code))), Cancel]);

    public ChatMessage AskPhotos(string category) => new(
        $"{CategoryName(category)}: ส่งรูปของปัญหา 1–3 รูป (ถ่ายใหม่หรือเลือกจากอัลบั้ม) หรือกด \"ข้าม\" หากไม่มีรูป",
        [QuickReply.Camera("ถ่ายรูป"), QuickReply.CameraRoll("เลือกรูป"), QuickReply.Postback("ข้าม", "action=skip"), Cancel]);

    public ChatMessage PhotoReceived(int count) => count >= LineConversation.MaxPhotos
        ? AskLocation($"ได้รับรูปครบ {LineConversation.MaxPhotos} รูปแล้วครับ")
        : new($"ได้รับรูปที่ {count} แล้วครับ ส่งเพิ่มได้อีก {LineConversation.MaxPhotos - count} รูป หรือกด \"ถัดไป\"",
            [QuickReply.Camera("ถ่ายรูป"), QuickReply.CameraRoll("เลือกรูป"), QuickReply.Postback("ถัดไป", "action=skip"), Cancel]);

    public ChatMessage PhotoNotTaken() => new(
        $"รูปนี้รับไม่ได้ครับ (รับได้สูงสุด {LineConversation.MaxPhotos} รูป และต้องเป็นรูปที่ส่งจากกล้องหรืออัลบั้มใน LINE)");

    public ChatMessage AskLocation(string? before = null) => new(
        (before is null ? "" : before + "\n") + "ปัญหาอยู่ที่ไหนครับ กด \"ส่งตำแหน่ง\" แล้วปักหมุดจุดที่พบปัญหา หรือพิมพ์บอกสถานที่ (เช่น หน้าตลาดสด ถนนเทศบาล 1)",
        [QuickReply.Location("ส่งตำแหน่ง"), Cancel]);

    public ChatMessage OutsideMunicipality(double kilometres) => new(
        $"ขออภัยครับ ตำแหน่งที่ส่งมาอยู่นอกเขตเทศบาล (ห่างจากใจกลางเมืองประมาณ {kilometres.ToString("0.#", CultureInfo.InvariantCulture)} กม.) "
        + "กรุณาปักหมุดจุดที่พบปัญหาอีกครั้ง หรือพิมพ์บอกสถานที่แทนได้ครับ",
        [QuickReply.Location("ส่งตำแหน่ง"), Cancel]);

    public ChatMessage OfferMeToo(RequestCopy nearby, double metres) => new(
        // Someone else's request: its number, kind and state only, never its words (they may name people or phones).
        $"ใกล้ ๆ กันมีเรื่อง{CategoryName(nearby.Category)}ที่แจ้งไว้แล้ว: เลขที่ {nearby.Number} ({StatusName(nearby.Status)}) "
        + $"ห่างประมาณ {Math.Round(metres):0} เมตร ถ้าเป็นปัญหาเดียวกัน กด \"ฉันก็เจอ\" เพื่อร่วมสนับสนุนเรื่องนั้นแทนการแจ้งใหม่",
        [QuickReply.Postback("ฉันก็เจอ", $"metoo={nearby.Id}", $"ฉันก็เจอ (เรื่อง {nearby.Number})"), QuickReply.Postback("แจ้งเรื่องใหม่", "action=new"), Cancel]);

    public ChatMessage Supported(string number) => new(
        $"ขอบคุณครับ บันทึกแล้วว่าท่านพบปัญหาเดียวกับเรื่องเลขที่ {number} เทศบาลจะได้รู้ว่ามีผู้ได้รับผลกระทบมากขึ้น", Menu);

    public ChatMessage AskDescription() => new("เล่ารายละเอียดสั้น ๆ ได้เลยครับ (เช่น หลุมลึก น้ำขังมา 3 วัน) หรือกด \"ข้าม\" เพื่อส่งเรื่อง",
        [QuickReply.Postback("ข้าม", "action=skip"), Cancel]);

    public ChatMessage Received(string category, string? number) => new(number is null
        ? $"ได้รับเรื่อง{CategoryName(category)}ของท่านแล้วครับ เทศบาลจะแจ้งเลขที่เรื่องให้ทราบในอีกสักครู่ และจะแจ้งทุกครั้งที่สถานะเปลี่ยน"
        : $"ได้รับเรื่อง{CategoryName(category)}ของท่านแล้วครับ เลขที่เรื่อง {number} เทศบาลจะแจ้งทุกครั้งที่สถานะเปลี่ยน", Menu);

    public ChatMessage Number(string number, string category) => new(
        $"เรื่อง{CategoryName(category)}ที่ท่านแจ้งได้เลขที่ {number} ครับ ใช้เลขนี้อ้างอิงเมื่อติดต่อเทศบาล", Menu);

    public ChatMessage Cancelled(bool hadReport) => new(hadReport
        ? "ยกเลิกการแจ้งเรื่องแล้วครับ ข้อมูลที่ส่งมาในการแจ้งครั้งนี้ถูกลบแล้ว"
        : "ไม่มีการแจ้งเรื่องที่ค้างอยู่ครับ", Menu);

    public ChatMessage Expired(TimeSpan timeout) => new(
        $"การแจ้งเรื่องที่ค้างไว้หมดเวลาแล้วครับ (ไม่มีการตอบนานเกิน {(int)timeout.TotalMinutes} นาที) เรื่องนั้นไม่ได้ส่งถึงเทศบาล และข้อมูลที่ส่งมาถูกลบแล้ว", Menu);

    /// <summary>"ลบข้อมูลของฉัน" never confirmed: nothing was erased, and how to ask again.</summary>
    public ChatMessage ErasureExpired(TimeSpan timeout) => new(
        $"คำขอลบข้อมูลหมดเวลาแล้วครับ (ไม่ได้ยืนยันภายใน {(int)timeout.TotalMinutes} นาที) ข้อมูลของท่านจึงยังไม่ถูกลบ หากต้องการลบ พิมพ์ \"ลบข้อมูลของฉัน\" อีกครั้ง", Menu);

    /// <summary>A reporter at their daily limit: when they may report again, the phone for what cannot wait, their own requests.</summary>
    public ChatMessage ReportLimit(int perDay, DateTimeOffset againAt) => new(
        $"ขออภัยครับ ภายใน 24 ชั่วโมงท่านแจ้งปัญหาทางแชตนี้ครบ {perDay} เรื่องแล้ว แจ้งเรื่องใหม่ได้อีกครั้งตั้งแต่ "
        + $"{Rendering.DateText.DateAndTime(againAt, Languages.Thai)} หากเป็นเรื่องเร่งด่วนหรือเป็นอันตราย โปรดโทรแจ้งเทศบาลครับ "
        + "ท่านยังดูสถานะเรื่องที่แจ้งไว้ได้ที่ \"เรื่องของฉัน\"",
        [QuickReply.Postback("เรื่องของฉัน", "action=mine")]);

    public ChatMessage Help() => new("กด \"แจ้งปัญหา\" เพื่อแจ้งเรื่องใหม่ หรือ \"เรื่องของฉัน\" เพื่อดูสถานะเรื่องที่แจ้งไว้ครับ", Menu);

    public ChatMessage StartFirst() => new("หากต้องการแจ้งปัญหา กด \"แจ้งปัญหา\" ก่อนครับ แล้วจึงส่งรูปและตำแหน่ง", Menu);

    public ChatMessage Unsupported() => new("ขออภัยครับ แชตนี้รับข้อความ รูปภาพ และตำแหน่งเท่านั้น");

    public ChatMessage Mine(IReadOnlyList<RequestCopy> open) => open.Count == 0
        ? new("ท่านยังไม่มีเรื่องที่เปิดอยู่ครับ", Menu)
        : new("เรื่องที่ท่านแจ้งและยังไม่ปิด:\n" + string.Join("\n", open.Select(r =>
            $"• {r.Number} {CategoryName(r.Category)}: {StatusName(r.Status)}" + (string.IsNullOrWhiteSpace(r.StatusNote) ? "" : $" ({r.StatusNote})"))), Menu);

    /// <summary>แก้ไขแล้วหรือยัง: a rating 1–5, or "not fixed" (which reopens it).</summary>
    public ChatMessage AskFeedback(Contracts.RequestFeedbackRequested m)
    {
        var data = $"feedback={m.RequestId}&round={m.Round}&by={m.AnswerBy.ToUnixTimeSeconds()}";
        return new(
            $"เรื่อง{CategoryName(m.Category)} เลขที่ {m.Number} \"{m.Title}\" แก้ไขแล้วหรือยังครับ ให้คะแนนการแก้ไข 1–5 "
            + $"หรือกด \"ยังไม่ได้แก้ไข\" หากปัญหายังอยู่ เทศบาลจะเปิดเรื่องอีกครั้ง (ตอบได้ถึง {Rendering.DateText.DateAndTime(m.AnswerBy, Languages.Thai)})",
            [
                QuickReply.Postback("5 ดีมาก", $"{data}&rating=5"),
                QuickReply.Postback("4 ดี", $"{data}&rating=4"),
                QuickReply.Postback("3 พอใช้", $"{data}&rating=3"),
                QuickReply.Postback("2 ควรปรับปรุง", $"{data}&rating=2"),
                QuickReply.Postback("1 ไม่พอใจ", $"{data}&rating=1"),
                QuickReply.Postback("ยังไม่ได้แก้ไข", $"{data}&fixed=no"),
            ]);
    }

    /// <summary>
    /// Said at once, before Requests has decided (it may refuse: a second answer, too late, a closed request): it promises
    /// nothing. A reopening reaches them as a status change.
    /// </summary>
    public ChatMessage FeedbackThanks(string number, int? rating, bool notFixed) => new(notFixed
        ? $"รับคำตอบแล้ว ขอบคุณครับ (เรื่องเลขที่ {number}: ยังไม่ได้แก้ไข)"
        : $"รับคำตอบแล้ว ขอบคุณครับ (เรื่องเลขที่ {number}: คะแนน{(rating is { } r ? $" {r} จาก 5" : "")})", Menu);

    /// <summary>A second tap on the question of a round that has its answer: one counts, so nothing is sent on.</summary>
    public ChatMessage FeedbackGivenAlready(string number) => new(
        $"เรื่องเลขที่ {number} ได้รับคำตอบของท่านไว้แล้วครับ คำตอบแรกเท่านั้นที่นับ", Menu);

    /// <summary>A tap after the time to answer: it would not count, so nothing is sent on.</summary>
    public ChatMessage FeedbackTooLate(string number, DateTimeOffset answerBy) => new(
        $"เลยเวลาตอบเรื่องเลขที่ {number} แล้วครับ (ตอบได้ถึง {Rendering.DateText.DateAndTime(answerBy, Languages.Thai)}) "
        + "หากปัญหายังอยู่ กด \"แจ้งปัญหา\" เพื่อแจ้งเป็นเรื่องใหม่", Menu);

    public ChatMessage FeedbackNotYours() => new("ไม่พบเรื่องนี้ในเรื่องที่ท่านแจ้งไว้ครับ", Menu);

    public ChatMessage ConfirmErasure() => new(
        "ต้องการให้เทศบาลลบข้อมูลของท่านใช่ไหมครับ เรื่องที่แจ้งไว้จะยังดำเนินการต่อ แต่จะไม่ผูกกับบัญชี LINE ของท่านอีก และท่านจะไม่ได้รับการแจ้งความคืบหน้า",
        [QuickReply.Postback("ยืนยันลบข้อมูล", "action=erase-confirm"), QuickReply.Postback("ไม่ลบ", "action=cancel")]);

    public ChatMessage Erased() => new("ลบข้อมูลของท่านแล้วครับ ขอบคุณที่ช่วยแจ้งปัญหาให้เทศบาล");

    public ChatMessage NothingToErase() => new("เทศบาลไม่มีข้อมูลการแจ้งปัญหาของท่านครับ");

    public ChatMessage NotErased() => new("ไม่ได้ลบข้อมูลครับ", Menu);
}
