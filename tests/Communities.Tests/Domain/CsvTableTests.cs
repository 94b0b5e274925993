using Municipal.Communities.Application.Csv;
using System.Text;

namespace Municipal.Communities.Tests.Domain;

public sealed class CsvTableTests
{
    private static readonly string[] Known = ["code", "name_th", "zone"];
    private static readonly string[] Required = ["code", "name_th"];

    private static List<CsvRow> Read(string text, bool bom = false) =>
        CsvTable.Read([.. (bom ? Encoding.UTF8.GetPreamble() : []), .. Encoding.UTF8.GetBytes(text)], Required, Known);

    [Fact]
    public void Rows_carry_their_line_in_the_file_counting_the_header_as_line_1()
    {
        var rows = Read("code,name_th\nA,ชุมชนหนึ่ง\n\nB,\"ชุมชน\nสอง\"\nC,ชุมชนสาม\n");
        Assert.Equal([2, 4, 6], rows.Select(r => r.Line));
        Assert.Equal("ชุมชน\nสอง", rows[1].Text("name_th"));
    }

    [Fact]
    public void Thai_text_is_read_unchanged_with_or_without_a_byte_order_mark()
    {
        const string name = "ชุมชนวัดพระบรมธาตุ (ชากังราว) ๑๒๓";
        Assert.Equal(name, Read($"code,name_th\nA,{name}\n").Single().Text("name_th"));
        Assert.Equal(name, Read($"code,name_th\nA,{name}\n", bom: true).Single().Text("name_th"));
    }

    [Fact]
    public void Header_names_are_matched_without_regard_to_case_or_surrounding_spaces()
    {
        Assert.Equal("A", Read(" Code , NAME_TH \nA,ก\n").Single().Text("code"));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("code\nA\n", "Missing column(s): name_th")]
    [InlineData("code,name_th,nameth\n", "Unknown column(s): nameth")]
    [InlineData("code,name_th,code\n", "twice")]
    public void A_file_without_a_usable_header_is_refused_as_a_whole(string text, string reason)
    {
        var ex = Assert.Throws<CsvFileException>(() => Read(text));
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_refused_as_a_whole()
    {
        var tis620 = new byte[] { 0x63, 0x6F, 0x64, 0x65, 0x2C, 0x6E, 0x61, 0x6D, 0x65, 0x5F, 0x74, 0x68, 0x0A, 0x41, 0x2C, 0xAA, 0xD8, 0xA1 };
        var ex = Assert.Throws<CsvFileException>(() => CsvTable.Read(tis620, Required, Known));
        Assert.Contains("UTF-8", ex.Message);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_fields_or_a_stray_quote_is_a_bad_row_not_a_bad_file()
    {
        var rows = Read("code,name_th\nA,ก,extra\nB,ข\"x\nC,ค\n");
        Assert.Contains("3 fields", Assert.Single(rows[0].Errors));
        Assert.Contains("quote", rows[1].Errors.Single());
        Assert.False(rows[2].IsBad);
    }

    [Fact]
    public void Numbers_and_dates_that_do_not_parse_are_row_errors_naming_the_column()
    {
        var row = new CsvRow(2, new Dictionary<string, string> { ["n"] = "12a", ["d"] = "19/11/2019", ["x"] = "16,48" });
        Assert.Null(row.Int("n"));
        Assert.Null(row.Date("d"));
        Assert.Null(row.Double("x"));
        Assert.Equal(3, row.Errors.Count);
        Assert.StartsWith("n:", row.Errors[0]);
        Assert.StartsWith("d:", row.Errors[1]);
    }
}
