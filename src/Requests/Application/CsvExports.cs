using Municipal.ServiceDefaults.Problems;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.ThaiCalendar;
using System.Globalization;
using System.Text;

namespace Municipal.Requests.Application;

/// <summary>A CSV file to hand over: its bytes and the name to save it under.</summary>
public sealed record CsvFile(byte[] Content, string FileName);

/// <summary>
/// CSV for the council's reports, as Excel opens it: UTF-8 with a byte order mark (so Thai shows), Thai headers, one row
/// per line (CRLF), fields quoted when they hold a comma, a quote or a line break, and a field that a spreadsheet would
/// take for a formula (=, +, -, @ first) escaped. Dates are Thai (B.E., Bangkok time). Phones and e-mails typed into text
/// are masked and no submitter is named: an exported file travels further than the screen (PDPA, the minimum).
/// </summary>
public sealed class CsvExports(RequestsDbContext db, RequestReads reads, RequestStatistics statistics, TimeProvider time)
{
    public const int MaxRows = 50_000;

    public static readonly IReadOnlyList<string> RequestColumns =
    [
        "เลขที่คำร้อง", "วันที่แจ้ง", "ปีงบประมาณ", "ชุมชน", "ประเภท", "เรื่อง", "รายละเอียด", "สถานะ", "หน่วยงาน", "ผู้รับผิดชอบ", "ช่องทาง",
        "กำหนดตอบรับ", "กำหนดแก้ไข", "ตอบรับเมื่อ", "แก้ไขเมื่อ", "เกินกำหนด", "ผู้สนับสนุน", "ละติจูด", "ลองจิจูด", "ที่ตั้ง",
    ];

    public static readonly IReadOnlyList<string> StatsColumns =
    [
        "กลุ่ม", "จำนวนคำร้อง", "มัธยฐานชั่วโมงถึงการตอบรับครั้งแรก", "มัธยฐานชั่วโมงถึงการแก้ไข", "ร้อยละเกินกำหนด",
        "ร้อยละเปิดเรื่องใหม่", "จำนวนผู้ตอบว่าแก้ไขแล้วหรือไม่", "ร้อยละตอบว่ายังไม่ได้แก้ไข", "คะแนนความพึงพอใจเฉลี่ย (1–5)",
    ];

    /// <summary>The tables of the statistics one may export.</summary>
    public static readonly IReadOnlyList<string> StatsTables = ["category", "community", "division"];

    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        NewLine = "\r\n",
        InjectionOptions = InjectionOptions.Escape,
        // A line break of any kind inside a field (a title typed on a phone has a bare \n) must be quoted, or the row breaks in two.
        ShouldQuote = args => args.Field is { } field && field.AsSpan().IndexOfAny(",\"\r\n") >= 0,
    };

    /// <summary>The words the web client uses for states (Labels.cs), in Thai.</summary>
    private static readonly IReadOnlyDictionary<RequestStatus, string> StatusTh = new Dictionary<RequestStatus, string>
    {
        [RequestStatus.Submitted] = "รับเรื่องแล้ว",
        [RequestStatus.Triaged] = "ส่งต่อหน่วยงานแล้ว",
        [RequestStatus.InProgress] = "กำลังดำเนินการ",
        [RequestStatus.Resolved] = "แก้ไขแล้ว",
        [RequestStatus.Closed] = "ปิดเรื่อง",
        [RequestStatus.NeedsBudget] = "ต้องใช้งบประมาณ",
        [RequestStatus.ProposedForPlan] = "เสนอเข้าแผนพัฒนา",
        [RequestStatus.Rejected] = "ไม่รับเรื่อง",
        [RequestStatus.Duplicate] = "เรื่องซ้ำ",
    };

    private static readonly IReadOnlyDictionary<RequestChannel, string> ChannelTh = new Dictionary<RequestChannel, string>
    {
        [RequestChannel.Web] = "เว็บไซต์",
        [RequestChannel.Mobile] = "แอปพลิเคชันบนมือถือ",
        [RequestChannel.Meeting] = "ที่ประชุม",
        [RequestChannel.Phone] = "โทรศัพท์",
        [RequestChannel.Open311] = "ระบบภายนอก (Open311)",
        [RequestChannel.Line] = "LINE",
    };

    /// <summary>The board's list as CSV: the same filters and the same visibility, newest first, at most <see cref="MaxRows"/>.</summary>
    public async Task<Result<CsvFile>> RequestsAsync(RequestFilter filter, Caller caller, CancellationToken cancellationToken)
    {
        var selected = reads.BoardQuery(filter, caller);
        if (!selected.Succeeded)
        {
            return selected.Refusal!;
        }

        var rows = await selected.Value!.Query.Newest().Take(MaxRows)
            .Select(r => new { Request = r, Supporters = r.Supports.Count })
            .ToListAsync(cancellationToken);
        var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.NameTh, cancellationToken);
        var divisions = await db.Divisions.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.NameTh, cancellationToken);
        var communities = await reads.CommunityNamesAsync(rows.Select(r => r.Request.CommunityId), cancellationToken);
        var now = time.GetUtcNow();
        var content = Write(RequestColumns, rows.Select(x =>
        {
            var r = x.Request;
            return new[]
            {
                r.Number, Date(r.SubmittedAt), r.FiscalYear.ToString(CultureInfo.InvariantCulture), RequestReads.NameOf(communities, r.CommunityId),
                categories.GetValueOrDefault(r.Category, r.Category), PersonalData.Mask(r.Title), PersonalData.Mask(r.Description), StatusTh[r.Status],
                divisions.GetValueOrDefault(r.DivisionCode, r.DivisionCode), r.AssigneeName, ChannelTh.GetValueOrDefault(r.Channel, r.Channel.ToCode()),
                Date(r.FirstResponseDueAt), Date(r.ResolutionDueAt), Date(r.FirstRespondedAt), Date(r.ResolvedAt), r.IsOverdue(now) ? "ใช่" : "ไม่",
                x.Supporters.ToString(CultureInfo.InvariantCulture), Number(r.Latitude), Number(r.Longitude), PersonalData.MaskOrNull(r.AddressText),
            };
        }));
        return new CsvFile(content, $"requests-{BangkokTime.DateOf(now):yyyyMMdd}.csv");
    }

    /// <summary>One table of the statistics (<c>category</c>, <c>community</c> or <c>division</c>) as CSV, with the overall row last.</summary>
    public async Task<Result<CsvFile>> StatisticsAsync(string? table, int? fiscalYear, Guid? community, string? category, string? division, CancellationToken cancellationToken)
    {
        var which = string.IsNullOrWhiteSpace(table) ? "category" : table.Trim();
        if (!StatsTables.Contains(which))
        {
            return Refusal.Invalid("table", FieldError.NotOneOf(StatsTables, $"Name the table: {string.Join(", ", StatsTables)}."), "The table is not valid.");
        }

        var stats = await statistics.GetAsync(fiscalYear, community, category, division, cancellationToken);
        if (!stats.Succeeded)
        {
            return stats.Refusal!;
        }

        var view = stats.Value!;
        var rows = which switch
        {
            "community" => view.ByCommunity,
            "division" => view.ByDivision,
            _ => view.ByCategory,
        };
        var content = Write(StatsColumns, rows.Append(view.Overall).Select(r => new[]
        {
            r.NameTh ?? r.Key, r.Count.ToString(CultureInfo.InvariantCulture), Number(r.MedianHoursToFirstResponse), Number(r.MedianHoursToResolution),
            Percent(r.OverdueShare), Percent(r.ReopenRate), r.Answers.ToString(CultureInfo.InvariantCulture), Percent(r.NotFixedShare), Number(r.AverageRating),
        }));
        var year = fiscalYear is { } y ? y.ToString(CultureInfo.InvariantCulture) : "all";
        return new CsvFile(content, $"request-statistics-{which}-{year}.csv");
    }

    private static string? Date(DateTimeOffset? instant) => instant is { } at ? BuddhistEra.ShortDateTime(at) : null;

    private static string? Number(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture);

    private static string? Percent(double? share) => share is { } s ? (s * 100).ToString("0.##", CultureInfo.InvariantCulture) : null;

    private static byte[] Write(IReadOnlyList<string> header, IEnumerable<string?[]> rows)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, Utf8WithBom, leaveOpen: true))
        using (var csv = new CsvWriter(writer, Configuration))
        {
            foreach (var column in header)
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            foreach (var row in rows)
            {
                foreach (var field in row)
                {
                    csv.WriteField(field ?? "");
                }

                csv.NextRecord();
            }
        }

        return stream.ToArray();
    }
}
