using Municipal.Communities.Domain;

namespace Municipal.Communities.Tests.Domain;

public sealed class PersonTests
{
    private static readonly DateTimeOffset Now = new(2019, 11, 19, 2, 0, 0, TimeSpan.Zero);

    private static PersonInput Valid => new()
    {
        Title = "นาย",
        FirstNameTh = "สมชาย",
        LastNameTh = "ใจดี",
        NameEn = "Somchai Jaidee",
        Phone = "081-234-5678",
        Email = "somchai@example.com",
        LineUserId = "U" + new string('a', 32),
        PreferredChannel = "line",
        Language = "th",
        Subject = "somchai-account",
    };

    private static PersonDetails DetailsOf(PersonInput input)
    {
        var errors = input.Validate(out var details);
        Assert.Empty(errors);
        return details!;
    }

    [Fact]
    public void Valid_input_becomes_details_with_the_phone_in_e164_and_thai_unchanged()
    {
        var details = DetailsOf(Valid);
        Assert.Equal("+66812345678", details.Phone!.E164);
        Assert.Equal("สมชาย", details.FirstNameTh);
        Assert.Equal(ContactChannel.Line, details.PreferredChannel);
        Assert.Equal(PreferredLanguage.Th, details.Language);
    }

    [Fact]
    public void Only_the_thai_names_are_required_and_the_defaults_are_in_app_and_thai()
    {
        var details = DetailsOf(new PersonInput { FirstNameTh = "สมหญิง", LastNameTh = "รักดี" });
        Assert.Equal(ContactChannel.InApp, details.PreferredChannel);
        Assert.Equal(PreferredLanguage.Th, details.Language);
        Assert.Null(details.Phone);
    }

    [Theory]
    [InlineData("firstNameTh")]
    [InlineData("phone")]
    [InlineData("email")]
    [InlineData("lineUserId")]
    [InlineData("preferredChannel")]
    [InlineData("language")]
    [InlineData("subject")]
    public void Each_bad_field_is_named(string field)
    {
        var input = field switch
        {
            "firstNameTh" => Valid with { FirstNameTh = " " },
            "phone" => Valid with { Phone = "12345" },
            "email" => Valid with { Email = "not-an-address" },
            "lineUserId" => Valid with { LineUserId = "somchai" },
            "preferredChannel" => Valid with { PreferredChannel = "fax" },
            "language" => Valid with { Language = "de" },
            "subject" => Valid with { Subject = "has spaces" },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        var errors = input.Validate(out var details);
        Assert.Equal([field], errors.Keys);
        Assert.Null(details);
    }

    [Theory]
    [InlineData("email", null, null, null)]
    [InlineData("line", null, null, null)]
    [InlineData("sms", null, null, null)]
    [InlineData("sms", "055-711-234", null, null)] // a landline cannot take an SMS
    public void A_preferred_channel_needs_the_details_to_reach_the_person_on_it(string channel, string? phone, string? email, string? line)
    {
        var errors = new PersonInput { FirstNameTh = "ก", LastNameTh = "ข", PreferredChannel = channel, Phone = phone, Email = email, LineUserId = line }
            .Validate(out _);
        Assert.Contains("preferredChannel", errors.Keys);
    }

    [Fact]
    public void A_change_is_reported_only_when_something_differs_and_raises_the_version()
    {
        var person = Person.Register(DetailsOf(Valid), Now);
        Assert.False(person.Update(DetailsOf(Valid), Now));
        Assert.Equal(1, person.Version);

        Assert.True(person.Update(DetailsOf(Valid with { Phone = "0899999999" }), Now));
        Assert.Equal(2, person.Version);
        Assert.Equal("+66899999999", person.PhoneE164);
    }

    [Fact]
    public void A_person_may_change_their_contact_and_preferences_but_not_their_names_or_account()
    {
        var person = Person.Register(DetailsOf(Valid), Now);
        Assert.True(person.ChangesOnlyContactAndPreferences(DetailsOf(Valid with { Phone = "0899999999", Email = null, PreferredChannel = "sms", Language = "en" })));
        Assert.False(person.ChangesOnlyContactAndPreferences(DetailsOf(Valid with { LastNameTh = "ใจร้าย" })));
        Assert.False(person.ChangesOnlyContactAndPreferences(DetailsOf(Valid with { Subject = "someone-else" })));
    }

    [Fact]
    public void Erasure_removes_names_contact_details_and_the_account_link_once()
    {
        var person = Person.Register(DetailsOf(Valid), Now);
        Assert.True(person.Erase(Now));

        Assert.True(person.IsErased);
        Assert.Equal("", person.FirstNameTh);
        Assert.Equal("", person.LastNameTh);
        Assert.Null(person.Title);
        Assert.Null(person.NameEn);
        Assert.Null(person.PhoneE164);
        Assert.Null(person.Email);
        Assert.Null(person.LineUserId);
        Assert.Null(person.Subject);
        Assert.Equal("", person.DisplayName);
        Assert.False(person.Erase(Now));
        Assert.Throws<InvalidOperationException>(() => person.Update(DetailsOf(Valid), Now));
    }

    [Fact]
    public void The_display_name_joins_the_thai_title_to_the_first_name()
    {
        Assert.Equal("นายสมชาย ใจดี", Person.Register(DetailsOf(Valid), Now).DisplayName);
    }
}
