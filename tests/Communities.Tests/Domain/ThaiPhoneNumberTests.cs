using Municipal.Communities.Domain;

namespace Municipal.Communities.Tests.Domain;

public sealed class ThaiPhoneNumberTests
{
    [Theory]
    [InlineData("0812345678", "+66812345678", "081-234-5678")]
    [InlineData("081-234-5678", "+66812345678", "081-234-5678")]
    [InlineData("081 234 5678", "+66812345678", "081-234-5678")]
    [InlineData("(081) 234-5678", "+66812345678", "081-234-5678")]
    [InlineData("+66812345678", "+66812345678", "081-234-5678")]
    [InlineData("+66 81 234 5678", "+66812345678", "081-234-5678")]
    [InlineData("66812345678", "+66812345678", "081-234-5678")]
    [InlineData("+66 081 234 5678", "+66812345678", "081-234-5678")]
    [InlineData("0612345678", "+66612345678", "061-234-5678")]
    [InlineData("099.876.5432", "+66998765432", "099-876-5432")]
    [InlineData("๐๘๑-๒๓๔-๕๖๗๘", "+66812345678", "081-234-5678")]
    public void Mobile_numbers_are_stored_as_e164_and_shown_as_0XX_XXX_XXXX(string input, string e164, string display)
    {
        Assert.True(ThaiPhoneNumber.TryParse(input, out var number, out var error), error);
        Assert.Equal(e164, number.E164);
        Assert.Equal(display, number.Display);
        Assert.True(number.IsMobile);
    }

    [Theory]
    [InlineData("055711234", "+6655711234", "055-711-234")]
    [InlineData("055-711-234", "+6655711234", "055-711-234")]
    [InlineData("+66 55 711 234", "+6655711234", "055-711-234")]
    [InlineData("021234567", "+6621234567", "02-123-4567")]
    [InlineData("02-123-4567", "+6621234567", "02-123-4567")]
    [InlineData("038123456", "+6638123456", "038-123-456")]
    public void Landlines_have_8_digits_after_the_0_and_bangkok_is_written_02_XXX_XXXX(string input, string e164, string display)
    {
        Assert.True(ThaiPhoneNumber.TryParse(input, out var number, out var error), error);
        Assert.Equal(e164, number.E164);
        Assert.Equal(display, number.Display);
        Assert.False(number.IsMobile);
    }

    [Theory]
    [InlineData("081234567", "10 digits")] // a mobile one digit short
    [InlineData("08123456789", "10 digits")] // one too many
    [InlineData("05571123", "9 digits")] // a landline one short
    [InlineData("0557112345", "9 digits")] // a landline one too many
    [InlineData("0112345678", "Not a Thai")] // 01 is not in use
    [InlineData("1555", "starts with 0")] // a short code
    [InlineData("+1 415 555 0100", "Thai numbers")] // a foreign number
    [InlineData("081-234-567x", "only digits")]
    [InlineData("0812345678 ext 12", "only digits")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    public void Other_input_is_refused_with_the_reason(string input, string reason)
    {
        Assert.False(ThaiPhoneNumber.TryParse(input, out var number, out var error));
        Assert.Null(number);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void A_stored_number_reads_back_as_the_same_number()
    {
        var stored = ThaiPhoneNumber.Parse("081-234-5678").E164;
        Assert.Equal(ThaiPhoneNumber.Parse("0812345678"), ThaiPhoneNumber.Parse(stored));
    }

    [Fact]
    public void A_very_long_input_is_refused_before_it_is_read()
    {
        Assert.False(ThaiPhoneNumber.TryParse(new string('0', 40), out _, out var error));
        Assert.Contains("too long", error);
    }
}
