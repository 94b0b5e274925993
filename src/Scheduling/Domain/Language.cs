using System.Globalization;

namespace Municipal.Scheduling.Domain;

/// <summary>The language in which dates and labels are shown. Thai shows Buddhist-Era (B.E.) dates.</summary>
public enum Language
{
    Th,
    En,
}

public static class Languages
{
    /// <summary>th-TH formats dates in the Thai Buddhist calendar: 19 พฤศจิกายน 2562.</summary>
    private static readonly CultureInfo Thai = CultureInfo.GetCultureInfo("th-TH");

    /// <summary>
    /// <c>?lang=th|en</c> wins; otherwise the first of <c>th</c>/<c>en</c> in <c>Accept-Language</c> by quality;
    /// otherwise Thai, the municipality's language.
    /// </summary>
    public static Language Resolve(string? lang, string? acceptLanguage)
    {
        if (TryParse(lang, out var chosen))
        {
            return chosen;
        }

        if (!string.IsNullOrWhiteSpace(acceptLanguage))
        {
            var ranked = acceptLanguage.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select((part, index) =>
                {
                    var pieces = part.Split(';', StringSplitOptions.TrimEntries);
                    var quality = 1.0;
                    foreach (var p in pieces.Skip(1))
                    {
                        if (p.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                            && double.TryParse(p[2..], NumberStyles.Float, CultureInfo.InvariantCulture, out var q))
                        {
                            quality = q;
                        }
                    }

                    return (Tag: pieces[0], Quality: quality, Index: index);
                })
                .Where(x => x.Quality > 0)
                .OrderByDescending(x => x.Quality).ThenBy(x => x.Index);
            foreach (var (tag, _, _) in ranked)
            {
                if (TryParse(tag.Split('-')[0], out var fromHeader))
                {
                    return fromHeader;
                }
            }
        }

        return Language.Th;
    }

    public static bool TryParse(string? code, out Language language)
    {
        switch (code?.Trim().ToLowerInvariant())
        {
            case "th":
                language = Language.Th;
                return true;
            case "en":
                language = Language.En;
                return true;
            default:
                language = Language.Th;
                return false;
        }
    }

    public static string Code(this Language language) => language == Language.En ? "en" : "th";

    /// <summary>A date as people read it: <c>วันอังคารที่ 19 พฤศจิกายน 2562</c> or <c>Tuesday 19 November 2019</c>.</summary>
    public static string FormatDate(DateOnly date, Language language) => language == Language.Th
        ? date.ToString("dddd", Thai) + "ที่ " + date.ToString("d MMMM yyyy", Thai)
        : date.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A fiscal year's name: <c>ปีงบประมาณ 2563</c>, or <c>Fiscal year 2563 B.E. (1 Oct 2019 – 30 Sep 2020)</c>.</summary>
    public static string Label(this FiscalYear year, Language language) => language == Language.Th ? year.LabelTh : year.LabelEn;

    /// <summary>When a session takes place, in Bangkok time: <c>วันอังคารที่ 19 พฤศจิกายน 2562 เวลา 09:00–16:00 น.</c></summary>
    public static string FormatWhen(DateTimeOffset startsAt, DateTimeOffset endsAt, Language language)
    {
        var start = BangkokTime.ToLocal(startsAt);
        var end = BangkokTime.ToLocal(endsAt);
        var startDate = DateOnly.FromDateTime(start.DateTime);
        var endDate = DateOnly.FromDateTime(end.DateTime);
        var times = $"{start:HH:mm}–{end:HH:mm}";
        if (startDate != endDate)
        {
            return language == Language.Th
                ? $"{FormatDate(startDate, language)} เวลา {start:HH:mm} น. ถึง{FormatDate(endDate, language)} เวลา {end:HH:mm} น."
                : $"{FormatDate(startDate, language)} {start:HH:mm} to {FormatDate(endDate, language)} {end:HH:mm} (Bangkok time)";
        }

        return language == Language.Th
            ? $"{FormatDate(startDate, language)} เวลา {times} น."
            : $"{FormatDate(startDate, language)}, {times} (Bangkok time)";
    }
}
