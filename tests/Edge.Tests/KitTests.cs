using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Municipal.ServiceDefaults;
using Municipal.ServiceDefaults.Problems;
using System.Security.Claims;

namespace Municipal.Edge.Tests;

public sealed class PagingTests
{
    [Fact]
    public void Without_paging_a_list_starts_at_page_1_with_50_items()
    {
        var paging = Paging.From(null, null);
        Assert.True(paging.Succeeded);
        Assert.Equal(new Paging(1, 50), paging.Value);
        Assert.Equal(40, new Paging(3, 20).Skip);
    }

    [Theory]
    [InlineData(0, 10, "page")]
    [InlineData(1, 0, "pageSize")]
    [InlineData(1, 101, "pageSize")]
    public void Bad_paging_is_a_validation_refusal_naming_the_field(int page, int pageSize, string field)
    {
        var paging = Paging.From(page, pageSize);
        Assert.False(paging.Succeeded);
        Assert.Equal(ProblemTypes.Validation, paging.Refusal!.Kind);
        Assert.Equal([field], paging.Refusal.Errors!.Keys);
    }
}

public sealed class RefusalTests
{
    [Fact]
    public void A_refusal_becomes_a_problem_of_its_kind_with_its_status_title_and_members()
    {
        var kind = new ProblemType("invalid-transition", 409, "The request cannot move there.");
        var problem = Refusal.Of(kind, detail: "It is resolved.").With("allowed", new[] { "reopened" }).ToProblem();

        Assert.Equal(409, problem.StatusCode);
        Assert.Equal("urn:municipal:problem:invalid-transition", problem.ProblemDetails.Type);
        Assert.Equal("The request cannot move there.", problem.ProblemDetails.Title);
        Assert.Equal("It is resolved.", problem.ProblemDetails.Detail);
        Assert.Equal(new[] { "reopened" }, problem.ProblemDetails.Extensions["allowed"]);
    }

    [Fact]
    public void A_validation_refusal_names_each_field()
    {
        var problem = Refusal.Invalid("title", "A title is required.").ToProblem();
        var details = Assert.IsType<HttpValidationProblemDetails>(problem.ProblemDetails);
        Assert.Equal(400, problem.StatusCode);
        Assert.Equal(ProblemTypes.Validation.Uri, details.Type);
        Assert.Equal(["A title is required."], details.Errors["title"]);
    }

    [Fact]
    public void A_validation_refusal_carries_a_code_and_its_values_beside_each_message()
    {
        var problem = Refusal.Invalid(new Dictionary<string, FieldError[]>
        {
            ["title"] = [FieldError.TooLong(200, "The title may have at most 200 characters.")],
            ["fiscalYear"] = [CalendarInput.YearProblem(2026)!],
        }).ToProblem();
        var details = Assert.IsType<HttpValidationProblemDetails>(problem.ProblemDetails);
        Assert.Equal(["The title may have at most 200 characters."], details.Errors["title"]);
        var codes = Assert.IsType<Dictionary<string, List<Dictionary<string, object?>>>>(details.Extensions[RefusalResults.ErrorCodesMember]);
        Assert.Equal("too-long", codes["title"].Single()["code"]);
        Assert.Equal(200, codes["title"].Single()["max"]);
        Assert.Equal("wrong-calendar", codes["fiscalYear"].Single()["code"]);
        Assert.Equal("buddhist-era", codes["fiscalYear"].Single()["expected"]);
        Assert.Equal(2569, codes["fiscalYear"].Single()["suggested"]);
    }

    [Theory]
    [InlineData(2026, "wrong-calendar")]
    [InlineData(3000, "out-of-range")]
    [InlineData(2569, null)]
    public void A_year_in_a_read_is_Buddhist_Era_and_the_other_calendar_is_refused_saying_which_was_expected(int year, string? code) =>
        Assert.Equal(code, CalendarInput.CheckYear("fiscalYear", year)?.FieldErrors!["fiscalYear"].Single().Code);

    [Fact]
    public void A_date_in_a_read_is_ISO_in_the_Common_Era_and_a_Buddhist_Era_year_is_refused_saying_which_was_expected()
    {
        var error = CalendarInput.CheckDate("asOf", new DateOnly(2567, 6, 1))!.FieldErrors!["asOf"].Single();
        Assert.Equal("wrong-calendar", error.Code);
        Assert.Equal("common-era", error.Args["expected"]);
        Assert.Equal(2024, error.Args["suggested"]);
        Assert.Null(CalendarInput.CheckDate("asOf", new DateOnly(2024, 6, 1)));
    }

    [Fact]
    public void Results_are_a_value_or_a_refusal()
    {
        Result<int> value = 7;
        Result<int> refused = Refusal.NotFound("No such thing.");
        Assert.True(value.Succeeded);
        Assert.Equal(7, value.Value);
        Assert.False(refused.Succeeded);
        Assert.Equal(404, refused.Refusal!.Kind.Status);
        Assert.True(Result.Ok.Succeeded);
    }
}

public sealed class PreconditionTests
{
    private static HttpRequest RequestWith(string? ifMatch)
    {
        var context = new DefaultHttpContext();
        if (ifMatch is not null)
        {
            context.Request.Headers.IfMatch = ifMatch;
        }

        return context.Request;
    }

    [Fact]
    public void A_replacement_without_If_Match_is_refused_as_if_match_required() =>
        Assert.Equal(ProblemTypes.IfMatchRequired, Preconditions.RequireIfMatch(RequestWith(null), 3)!.Kind);

    [Theory]
    [InlineData("\"3\"")]
    [InlineData("*")]
    [InlineData("\"2\", \"3\"")]
    public void The_current_tag_or_a_star_lets_the_change_go_ahead(string ifMatch)
    {
        Assert.Null(Preconditions.RequireIfMatch(RequestWith(ifMatch), 3));
        Assert.Null(Preconditions.CheckIfMatch(RequestWith(ifMatch), 3));
    }

    [Theory]
    [InlineData("\"2\"")]
    [InlineData("W/\"3\"")]
    public void Another_or_a_weak_tag_is_stale(string ifMatch)
    {
        var refusal = Preconditions.CheckIfMatch(RequestWith(ifMatch), 3);
        Assert.Equal(ProblemTypes.Stale, refusal!.Kind);
        Assert.Equal("\"3\"", refusal.Extensions["currentETag"]);
    }

    [Fact]
    public void A_command_without_If_Match_goes_ahead() => Assert.Null(Preconditions.CheckIfMatch(RequestWith(null), 3));
}

public sealed class CallerTests
{
    [Fact]
    public void The_caller_is_read_from_the_token_claims()
    {
        var community = Guid.NewGuid();
        var user = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(MunicipalClaims.Subject, "leader-1"),
            new Claim(MunicipalClaims.Roles, Roles.CommunityLeader),
            new Claim(MunicipalClaims.Community, community.ToString()),
        ], "test", MunicipalClaims.Name, MunicipalClaims.Roles));

        var caller = Caller.From(user);

        Assert.Equal("leader-1", caller.Subject);
        Assert.True(caller.LeadsCommunity(community));
        Assert.False(caller.LeadsCommunity(Guid.NewGuid()));
        Assert.False(caller.IsStaff);
        Assert.False(caller.IsOfficial);
    }

    [Fact]
    public void Nobody_signed_in_is_the_anonymous_caller()
    {
        var caller = Caller.From(new ClaimsPrincipal(new ClaimsIdentity()));
        Assert.Same(Caller.Anonymous, caller);
        Assert.False(caller.IsSignedIn);
    }

    [Fact]
    public void An_admin_counts_as_staff_and_official()
    {
        var caller = new Caller("a", new HashSet<string> { Roles.Admin }, null, null);
        Assert.True(caller.IsStaff);
        Assert.True(caller.IsOfficial);
        Assert.False(caller.IsLeader);
    }
}
