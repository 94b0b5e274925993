using Municipal.Requests.Domain;

namespace Municipal.Requests.Tests.Masking;

/// <summary>The written forms of <c>personal-data.tsv</c> against <see cref="PersonalData.Mask"/>, without a host.</summary>
public sealed class MaskingTests
{
    public static TheoryData<MaskingCase> ToMask => [.. MaskingCase.ToMask];

    public static TheoryData<MaskingCase> ToKeep => [.. MaskingCase.ToKeep];

    [Fact]
    public void The_cases_cover_at_least_sixty_written_forms_and_as_many_ordinary_numbers()
    {
        Assert.True(MaskingCase.ToMask.Count() >= 60, $"{MaskingCase.ToMask.Count()} forms to mask");
        Assert.True(MaskingCase.ToKeep.Count() >= 60, $"{MaskingCase.ToKeep.Count()} texts to keep");
        Assert.Contains(MaskingCase.ToMask, c => c.Kind == "id");
        Assert.Contains(MaskingCase.ToMask, c => c.Kind == "email");
        Assert.Contains(MaskingCase.ToMask, c => c.Kind == "line");
        // The secrets are what they say: a phone number's national digits, a citizen ID with its check digit.
        Assert.All(MaskingCase.ToMask.Where(c => c.Kind == "phone"), c => Assert.NotNull(PersonalData.NormalizeThaiPhone("0" + c.Secret)));
        Assert.All(MaskingCase.ToMask.Where(c => c.Kind == "id"), c => Assert.True(PersonalData.IsCitizenId(c.Secret), c.Secret));
        Assert.All(MaskingCase.ToMask.Where(c => c.Kind != "email"), c => Assert.True(c.ShowsIn(c.Text), $"the secret of {c} is not in its text"));
    }

    [Theory]
    [MemberData(nameof(ToMask))]
    public void A_phone_number_citizen_id_email_or_line_id_is_hidden_however_it_is_written(MaskingCase c)
    {
        var masked = PersonalData.Mask(c.Text);

        Assert.False(c.ShowsIn(masked), $"'{c.Text}' became '{masked}'");
        Assert.Contains(c.Kind switch
        {
            "phone" => PersonalData.PhoneMask, "id" => PersonalData.CitizenIdMask, "line" => PersonalData.LineIdMask, _ => PersonalData.EmailMask,
        }, masked);
        Assert.True(PersonalData.HoldsPersonalData(c.Text));
        Assert.Equal(masked, PersonalData.Mask(masked)); // masking twice changes nothing more
    }

    [Theory]
    [MemberData(nameof(ToKeep))]
    public void Ordinary_numbers_prices_dates_house_numbers_and_coordinates_are_left_alone(MaskingCase c) =>
        Assert.Equal(c.Text, PersonalData.Mask(c.Text));

    [Fact]
    public void The_text_around_a_hidden_number_stays_as_it_was()
    {
        Assert.Equal("โทร [ซ่อนเบอร์โทรศัพท์] ได้ตลอด", PersonalData.Mask("โทร 081-234-5678 ได้ตลอด"));
        Assert.Equal("ติดต่อ [ซ่อนเบอร์โทรศัพท์] หรือ [ซ่อนเบอร์โทรศัพท์] ค่ะ", PersonalData.Mask("ติดต่อ (081) 234 5678 หรือ +66 (0)55 711 234 ค่ะ"));
        Assert.Equal("เลขบัตร [ซ่อนเลขประจำตัวประชาชน] วันที่ 15/01/2567", PersonalData.Mask("เลขบัตร 1-1014-00123-45-1 วันที่ 15/01/2567"));
        Assert.Equal("ส่งที่ [ซ่อนอีเมล] นะคะ", PersonalData.Mask("ส่งที่ somchai.j@example.co.th นะคะ"));
    }

    [Theory]
    [InlineData("1101400123451", true)]
    [InlineData("1101400123452", false)] // wrong check digit
    [InlineData("0101400123451", false)] // no citizen ID starts with 0
    [InlineData("110140012345", false)]
    public void A_citizen_id_is_thirteen_digits_ending_in_its_check_digit(string digits, bool valid) =>
        Assert.Equal(valid, PersonalData.IsCitizenId(digits));

    [Theory]
    [InlineData("(081) 234 5678", "+66812345678")]
    [InlineData("+66 (0)81 234 5678", "+66812345678")]
    [InlineData("081/234/5678", "+66812345678")]
    [InlineData("０８１２３４５６７８", "+66812345678")]
    [InlineData("0066 81 234 5678", "+66812345678")]
    public void Phone_numbers_written_any_of_these_ways_are_stored_as_e164(string input, string e164) =>
        Assert.Equal(e164, PersonalData.NormalizeThaiPhone(input));
}
