using Municipal.Contracts;

namespace Municipal.Notifications.Domain;

/// <summary>The words people read about their requests. Thai first.</summary>
public static class RequestNotices
{
    public static (string Title, string Body) Received(RequestSubmitted message) => (
        $"ได้รับคำร้องของท่านแล้ว เลขที่ {message.Number}",
        $"เทศบาลได้รับคำร้อง \"{message.Title}\" ของท่านแล้ว และจะแจ้งความคืบหน้าให้ทราบ");
}
