using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Municipal.Requests.Infrastructure;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Municipal.Requests.Tests;

/// <summary>
/// Text people type holds no control characters but tab, line feed and carriage return; a service refuses the rest
/// with a 400 naming the field, before anything is written (the rule lives in ServiceDefaults, for every service).
/// </summary>
public sealed class ControlCharacterTests(RequestsFactory factory) : IClassFixture<RequestsFactory>
{
    [Theory]
    [InlineData("ท่อระบายน้ำอุดตัน 🚰", null)]
    [InlineData("บรรทัดแรก\r\nบรรทัดที่สอง\tแท็บ", null)]
    [InlineData("หลุม\u0000บนถนน", '\u0000')]
    [InlineData("\u001b[31mred", '\u001b')]
    [InlineData("delete\u007f", '\u007f')]
    [InlineData("next line\u0085", '\u0085')]
    [InlineData("", null)]
    public void The_rule_allows_tab_and_line_breaks_and_finds_every_other_control_character(string text, char? expected) =>
        Assert.Equal(expected, ControlCharacterGuard.FirstControlCharacter(text));

    [Theory]
    [InlineData("""{"title":"ok","description":"a\nb"}""", null)]
    [InlineData("""{"title":"bad\u0000"}""", "title")]
    [InlineData("""{"location":{"latitude":16.48},"address":{"note":"\u0007"}}""", "note")]
    [InlineData("""{"tags":["ok","\u0001"]}""", "tags")]
    [InlineData("""["\u0002"]""", "body")]
    [InlineData("""{"ti\u0000tle":"x"}""", "body")]
    [InlineData("""{"title":"unterminated""", null)]
    public void A_json_body_is_searched_and_the_property_holding_the_character_named(string json, string? field) =>
        Assert.Equal(field, ControlCharacterGuard.FindInJson(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public async Task A_submission_with_a_nul_in_its_title_is_400_naming_the_title_and_nothing_is_stored()
    {
        var community = await factory.KnownCommunityAsync();
        using var client = await factory.RegistryLeaderOfAsync(community, "leader-nul");
        var before = await factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Requests.CountAsync());

        using var response = await client.PostAsJsonAsync("/api/requests", new
        {
            communityId = community,
            category = "drainage",
            title = "ท่อ\u0000อุดตัน",
            description = "น้ำท่วมขัง",
            location = new { latitude = 16.4810, longitude = 99.5500 },
        });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("title", out _), problem.ToString());
        Assert.Equal(before, await factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Requests.CountAsync()));
    }

    [Fact]
    public async Task A_search_with_an_escape_character_is_400_naming_the_query_parameter()
    {
        using var client = factory.ClientAs("staff-esc", "staff");

        using var response = await client.GetAsync("/api/requests?q=%1B%5B2J");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("q", out _), problem.ToString());
    }

    [Theory]
    [InlineData("\u0000", "form")]
    [InlineData("\u0007", "description")]
    public async Task An_open311_post_with_a_control_character_is_refused_in_the_specs_error_form_and_nothing_is_stored(string character, string named)
    {
        await factory.KnownCommunityAsync();
        using var admin = factory.ClientAs("admin-nul", "admin");
        using var created = await admin.PostAsJsonAsync("/api/requests/open311/keys", new { name = "bridge" });
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        var before = await factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Requests.CountAsync());
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = key, ["service_code"] = "road", ["lat"] = "16.481", ["long"] = "99.55", ["description"] = "หลุม" + character,
        }));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        var error = JsonDocument.Parse(body).RootElement[0];
        Assert.Equal(400, error.GetProperty("code").GetInt32());
        Assert.Contains(named, error.GetProperty("description").GetString());
        Assert.Equal(before, await factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Requests.CountAsync()));
    }
}
