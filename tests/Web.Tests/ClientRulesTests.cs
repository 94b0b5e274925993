using Municipal.Web.Api;
using Municipal.Web.Components.Pages.Staff;
using Municipal.Web.Localization;
using System.Globalization;

namespace Municipal.Web.Tests;

/// <summary>The web client's own rules, without a browser or a system: Thai problem texts, B.E. dates, parsing input.</summary>
public sealed class ClientRulesTests
{
    private static T InThai<T>(Func<T> read)
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(L.Thai);
            return read();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui);
        }
    }

    [Fact]
    public void Dates_in_Thai_are_Buddhist_Era_in_Bangkok_time()
    {
        // 19 Nov 2019 02:00 UTC is 09:00 in Bangkok, in 2562 B.E.
        var text = InThai(() => Dates.Short(new DateTimeOffset(2019, 11, 19, 2, 0, 0, TimeSpan.Zero)));
        Assert.Equal("19 พ.ย. 2562 09:00 น.", text);
    }

    [Theory]
    [InlineData(2025, 9, 30, 2568)]
    [InlineData(2025, 10, 1, 2569)]
    public void The_fiscal_year_starts_on_1_October_and_is_named_by_the_BE_year_it_ends_in(int year, int month, int day, int fiscalYear) =>
        Assert.Equal(fiscalYear, Dates.FiscalYear(new DateOnly(year, month, day)));

    [Fact]
    public void Known_API_messages_are_shown_in_Thai_and_unknown_ones_as_the_API_wrote_them()
    {
        Assert.Equal("โปรดกรอกชื่อโครงการ", InThai(() => ProblemText.Message("A project needs a title.")));
        Assert.Equal("หัวเรื่องยาวได้ไม่เกิน 200 ตัวอักษร", InThai(() => ProblemText.Message("The title may have at most 200 characters.")));
        Assert.Equal("มีแถวที่ไม่ถูกต้อง 2 จาก 3 แถว (บรรทัดที่ 3, 4) แก้ไขแล้วนำเข้าอีกครั้ง หรือเลือกนำเข้าเฉพาะแถวที่ถูกต้อง",
            InThai(() => ProblemText.Message("2 of 3 rows are bad (lines 3, 4). Correct them and import the file again, or import the good rows only with mode=good-rows-only.")));
        Assert.Equal("Something new went wrong.", InThai(() => ProblemText.Message("Something new went wrong.")));
    }

    [Fact]
    public void A_problem_keeps_its_field_errors_and_extensions()
    {
        var problem = Problem.Parse(422, """{"status":422,"title":"The file has bad rows; nothing was imported.","errors":{"title":["Required."]},"rows":[{"line":3,"errors":["code: Required, e.g. KPP-01."]}]}""");
        Assert.Equal(422, problem.Status);
        Assert.Equal(new[] { "Required." }, problem.For("title"));
        Assert.Equal(3, problem.Extension("rows")!.Value[0].GetProperty("line").GetInt32());
        Assert.Equal("ไฟล์มีแถวที่ไม่ถูกต้อง จึงยังไม่ได้นำเข้าข้อมูลใด ๆ", InThai(() => ProblemText.Explanation(problem)));
    }

    [Theory]
    [InlineData("2570", new[] { 2570 })]
    [InlineData("2571, 2570 2571", new[] { 2570, 2571 })]
    public void Fiscal_years_typed_with_commas_or_spaces_are_read_in_order(string typed, int[] years) =>
        Assert.Equal(years, ProposeProject.ParseYears(typed));

    [Fact]
    public void Fiscal_years_with_anything_but_digits_are_refused() => Assert.Null(ProposeProject.ParseYears("2570, ๒๕๗๑x"));
}
