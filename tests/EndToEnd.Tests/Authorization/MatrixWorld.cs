using Municipal.Testing;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Municipal.EndToEnd.Tests.Authorization;

/// <summary>
/// The objects the authorization table talks about, made through the gateway of the running system, and
/// for every route the request a caller sends: its path with the objects filled in, its query, body and headers.
/// </summary>
public sealed class MatrixWorld
{
    private readonly HttpClient _gateway;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly string _today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private int _counter;
    private int _sessionDay;

    private MatrixWorld(HttpClient gateway)
    {
        _gateway = gateway;
        Tokens = new Dictionary<Caller, string?>
        {
            [Caller.Anonymous] = null,
            [Caller.Resident] = TestTokens.For($"matrix-resident-{_run}", ["resident"]),
            [Caller.Staff] = TestTokens.For($"matrix-staff-{_run}", ["staff"]),
            [Caller.Executive] = TestTokens.For($"matrix-executive-{_run}", ["executive"]),
            [Caller.Admin] = TestTokens.For($"matrix-admin-{_run}", ["admin"]),
        };
    }

    public Dictionary<Caller, string?> Tokens { get; }

    private string Staff => Tokens[Caller.Staff]!;

    private string Admin => Tokens[Caller.Admin]!;

    private string LeaderA => Tokens[Caller.LeaderA]!;

    private Guid A { get; set; }
    private Guid B { get; set; }
    private Guid PersonA { get; set; }
    private Guid OfficeA { get; set; }
    private Guid Venue { get; set; }
    private Guid Programme { get; set; }
    private Guid Session { get; set; }
    private Guid RegistrationA { get; set; }
    private Guid RequestA { get; set; }
    private Guid RequestB { get; set; }
    private Guid InboxA { get; set; }
    private Guid Project { get; set; }
    private Guid Delivery { get; set; }
    private string Open311Key { get; set; } = "";
    private string Open311Request { get; set; } = "";

    public static async Task<MatrixWorld> CreateAsync(HttpClient gateway)
    {
        var world = new MatrixWorld(gateway);
        await world.BuildAsync();
        return world;
    }

    private async Task BuildAsync()
    {
        var communities = await Eventually.GetAsync(async () =>
        {
            // Two of the founding communities: other tests (hostile input) register odd ones.
            var page = await _gateway.GetFromJsonAsync<JsonElement>("/api/communities?q=KPP-&status=active&pageSize=2");
            return page.GetProperty("total").GetInt32() >= 2 ? (JsonElement?)page : null;
        }, TimeSpan.FromSeconds(60), "two communities");
        A = communities!.Value.GetProperty("items")[0].GetProperty("id").GetGuid();
        B = communities.Value.GetProperty("items")[1].GetProperty("id").GetGuid();
        Tokens[Caller.LeaderA] = TestTokens.For($"matrix-leader-a-{_run}", ["community-leader"], A);
        Tokens[Caller.LeaderB] = TestTokens.For($"matrix-leader-b-{_run}", ["community-leader"], B);
        // Leaders the registry does not vouch for: one whose only term in A ended, one the registry never heard of.
        Tokens[Caller.ExLeaderA] = TestTokens.For($"matrix-ex-leader-a-{_run}", ["community-leader"], A);
        Tokens[Caller.UnknownLeaderA] = TestTokens.For($"matrix-unknown-leader-a-{_run}", ["community-leader"], A);
        await RequestsReadiness.KnowsCommunityAsync(_gateway, A);
        await RequestsReadiness.KnowsCommunityAsync(_gateway, B);

        // People of the registry: both leaders hold an office in their community; the resident has no office.
        PersonA = await PersonAsync($"matrix-leader-a-{_run}", "ผู้นำ", "ชุมชนเอ");
        var personB = await PersonAsync($"matrix-leader-b-{_run}", "ผู้นำ", "ชุมชนบี");
        await PersonAsync($"matrix-resident-{_run}", "ผู้อยู่อาศัย", "ทดสอบ");
        OfficeA = await OfficeAsync(PersonA, A);
        await OfficeAsync(personB, B);
        var exLeader = await PersonAsync($"matrix-ex-leader-a-{_run}", "อดีตผู้นำ", "ชุมชนเอ");
        await ReadAsync(HttpMethod.Post, "/api/communities/offices", Staff,
            new { personId = exLeader, role = "committee-member", communityId = A, startDate = "2020-01-01", endDate = "2021-12-31" }, HttpStatusCode.Created);
        await PeopleKnownAsync();
        await RequestsReadiness.VouchesForLeaderAsync(_gateway, LeaderA, A);
        await RequestsReadiness.VouchesForLeaderAsync(_gateway, Tokens[Caller.LeaderB]!, B);

        // Meetings: a room of our own, a programme, sessions in the future.
        Venue = (await ReadAsync(HttpMethod.Post, "/api/scheduling/venues", Staff, new { name = $"ห้องทดสอบสิทธิ์ {_run}", capacity = 40 }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Programme = (await ReadAsync(HttpMethod.Post, "/api/scheduling/programmes", Staff,
            new { fiscalYear = NextFiscalYearStart.Year + 1 + 543, title = $"โครงการทดสอบสิทธิ์ {_run}", targetRoles = new[] { "committee-member" } }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Session = await SessionAsync();
        RegistrationA = (await ReadAsync(HttpMethod.Post, $"/api/scheduling/sessions/{Session}/registrations", LeaderA, null, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await ReadAsync(HttpMethod.Post, $"/api/scheduling/sessions/{Session}/registrations", Tokens[Caller.LeaderB], null, HttpStatusCode.Created);

        // Requests: one for each community, a photo on A's, a plan project.
        RequestA = await RequestAsync(LeaderA, A);
        RequestB = await RequestAsync(Tokens[Caller.LeaderB]!, B);
        using (var photo = await SendAsync(HttpMethod.Post, $"/api/requests/{RequestA}/photos", LeaderA, Photo()))
        {
            Assert.True(photo.IsSuccessStatusCode, await photo.Content.ReadAsStringAsync());
        }

        using (await SendAsync(HttpMethod.Post, "/api/requests/plan/periods", Admin, JsonContent.Create(new { firstYear = 2566 })))
        {
            // created now or already there (409): either way the period 2566–2570 exists
        }

        Project = await ProjectAsync();

        // Notifications: leader A's inbox entry for the request, and some delivery for the admin to look at.
        InboxA = await Eventually.GetAsync(async () =>
        {
            var inbox = await ReadAsync(HttpMethod.Get, "/api/notifications/inbox", LeaderA, null, HttpStatusCode.OK);
            return inbox.GetProperty("items").EnumerateArray().Select(i => (Guid?)i.GetProperty("id").GetGuid()).FirstOrDefault();
        }, TimeSpan.FromSeconds(60), "leader A's inbox entry") ?? Guid.Empty;
        Delivery = await Eventually.GetAsync(async () =>
        {
            var deliveries = await ReadAsync(HttpMethod.Get, "/api/notifications/deliveries", Admin, null, HttpStatusCode.OK);
            return deliveries.GetProperty("items").EnumerateArray().Select(i => (Guid?)i.GetProperty("id").GetGuid()).FirstOrDefault();
        }, TimeSpan.FromSeconds(60), "a delivery") ?? Guid.Empty;

        // Open311: a client key, and a request filed with it.
        Open311Key = (await ReadAsync(HttpMethod.Post, "/api/requests/open311/keys", Admin, new { name = $"matrix {_run}" }, HttpStatusCode.Created)).GetProperty("key").GetString()!;
        using var filed = await SendAsync(HttpMethod.Post, "/open311/v2/requests.json", null, Open311Form());
        var filedBody = await filed.Content.ReadAsStringAsync();
        Assert.True(filed.IsSuccessStatusCode, filedBody);
        Open311Request = JsonDocument.Parse(filedBody).RootElement[0].GetProperty("service_request_id").GetString()!;
    }

    /// <summary>Waits until Scheduling knows the leaders and the resident as people of the registry.</summary>
    public async Task PeopleKnownAsync()
    {
        foreach (var caller in new[] { Caller.LeaderA, Caller.LeaderB, Caller.Resident, Caller.ExLeaderA })
        {
            await Eventually.TrueAsync(async () =>
            {
                using var mine = await SendAsync(HttpMethod.Get, "/api/scheduling/registrations", Tokens[caller], null);
                return mine.StatusCode == HttpStatusCode.OK;
            }, TimeSpan.FromSeconds(60), $"Scheduling to know {caller}");
        }
    }

    /// <summary>The request <paramref name="caller"/> sends for <paramref name="row"/>.</summary>
    public async Task<HttpRequestMessage> RequestForAsync(AuthorizationRow row, Caller caller)
    {
        var path = await ResolveAsync(row.Path);
        var request = new HttpRequestMessage(new HttpMethod(row.Method), path + Query(row));
        if (Tokens[caller] is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        request.Content = await BodyAsync(row, caller);
        if (row.Method == "PUT" || row.Path.EndsWith("/end", StringComparison.Ordinal))
        {
            request.Headers.TryAddWithoutValidation("If-Match", "*");
        }

        if (row.Path == "/api/notifications/line/webhook")
        {
            request.Headers.TryAddWithoutValidation("X-Line-Signature", "bm90IGEgc2lnbmF0dXJl");
        }

        return request;
    }

    private string Query(AuthorizationRow row) => row.Path switch
    {
        "/api/scheduling/reports/attendance" => $"?programmeId={Programme}",
        "/api/requests/plan/report" => "?fiscalYear=2570",
        _ => "",
    };

    private async Task<string> ResolveAsync(string template)
    {
        var path = template
            .Replace("{A}", A.ToString(), StringComparison.Ordinal)
            .Replace("{personA}", PersonA.ToString(), StringComparison.Ordinal)
            .Replace("{officeA}", OfficeA.ToString(), StringComparison.Ordinal)
            .Replace("{programme}", Programme.ToString(), StringComparison.Ordinal)
            .Replace("{session}", Session.ToString(), StringComparison.Ordinal)
            .Replace("{registrationA}", RegistrationA.ToString(), StringComparison.Ordinal)
            .Replace("{requestA}", RequestA.ToString(), StringComparison.Ordinal)
            .Replace("{requestB}", RequestB.ToString(), StringComparison.Ordinal)
            .Replace("{inboxA}", InboxA.ToString(), StringComparison.Ordinal)
            .Replace("{project}", Project.ToString(), StringComparison.Ordinal)
            .Replace("{delivery}", Delivery.ToString(), StringComparison.Ordinal)
            .Replace("{unknown}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{open311Request}", Open311Request, StringComparison.Ordinal)
            .Replace("{code}", "road", StringComparison.Ordinal)
            .Replace("{format}", "json", StringComparison.Ordinal)
            .Replace("{n}", "1", StringComparison.Ordinal);
        if (path.Contains("{fresh:person}", StringComparison.Ordinal))
        {
            path = path.Replace("{fresh:person}", (await PersonAsync(null, "ลบได้", $"ทดสอบ {Next()}")).ToString(), StringComparison.Ordinal);
        }

        if (path.Contains("{fresh:office}", StringComparison.Ordinal))
        {
            var holder = await PersonAsync(null, "กรรมการ", $"ทดสอบ {Next()}");
            path = path.Replace("{fresh:office}", (await OfficeAsync(holder, B)).ToString(), StringComparison.Ordinal);
        }

        if (path.Contains("{fresh:session}", StringComparison.Ordinal))
        {
            path = path.Replace("{fresh:session}", (await SessionAsync()).ToString(), StringComparison.Ordinal);
        }

        if (path.Contains("{fresh:registrationA}", StringComparison.Ordinal))
        {
            // A session of its own each time: a registration left standing (refused cancel, hostile input)
            // must not stand in the way of the next one.
            using var registered = await SendAsync(HttpMethod.Post, $"/api/scheduling/sessions/{await SessionAsync()}/registrations", LeaderA, null);
            var text = await registered.Content.ReadAsStringAsync();
            Assert.True(registered.StatusCode == HttpStatusCode.Created, $"a fresh registration of leader A: {(int)registered.StatusCode} {text}");
            var registration = JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
            path = path.Replace("{fresh:registrationA}", registration.ToString(), StringComparison.Ordinal);
        }

        if (path.Contains("{fresh:requestA}", StringComparison.Ordinal))
        {
            path = path.Replace("{fresh:requestA}", (await RequestAsync(LeaderA, A)).ToString(), StringComparison.Ordinal);
        }

        if (path.Contains("{fresh:phoneRequest}", StringComparison.Ordinal))
        {
            var phoned = await ReadAsync(HttpMethod.Post, "/api/requests", Staff, new
            {
                communityId = A, category = "road", title = $"ถนนชำรุด {_run} {Next()}", description = "โทรแจ้ง",
                channel = "phone", submitter = new { name = "ผู้โทรแจ้ง ทดสอบ", phone = "0812223344" },
            }, HttpStatusCode.Created);
            path = path.Replace("{fresh:phoneRequest}", phoned.GetProperty("id").GetGuid().ToString(), StringComparison.Ordinal);
        }

        if (path.Contains("{fresh:project}", StringComparison.Ordinal))
        {
            path = path.Replace("{fresh:project}", (await ProjectAsync()).ToString(), StringComparison.Ordinal);
        }

        if (path.Contains("{fresh:feedA}", StringComparison.Ordinal))
        {
            var feed = await ReadAsync(HttpMethod.Post, "/api/scheduling/feeds", LeaderA, null, HttpStatusCode.Created);
            var secret = feed.GetProperty("path").GetString()!.Split('/')[^1].Replace(".ics", "", StringComparison.Ordinal);
            path = path.Replace("{fresh:feedA}", secret, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("{", path);
        return path;
    }

    private async Task<HttpContent?> BodyAsync(AuthorizationRow row, Caller caller)
    {
        var n = Next();
        return row.Key switch
        {
            "POST /api/communities" => JsonContent.Create(new { code = $"MX{_run[..4]}-{n}", nameTh = $"ชุมชนทดสอบสิทธิ์ {n}", zone = "9" }),
            "PUT /api/communities/{A}" => JsonContent.Create(await CommunityStateAsync(A)),
            "POST /api/communities/people" => JsonContent.Create(new { firstNameTh = "ทดสอบ", lastNameTh = $"สิทธิ์ {n}" }),
            "PUT /api/communities/people/{personA}" => JsonContent.Create(PersonBody($"matrix-leader-a-{_run}", "ผู้นำ", "ชุมชนเอ")),
            "POST /api/communities/offices" => JsonContent.Create(new
            {
                personId = await PersonAsync(null, "กรรมการ", $"ใหม่ {n}"),
                role = "committee-member",
                communityId = B,
                startDate = _today,
            }),
            "POST /api/communities/offices/{fresh:office}/end" => JsonContent.Create(new { endDate = _today }),
            "POST /api/communities/people/me/claim" => JsonContent.Create(new { phone = "081-234-5678" }),
            "POST /api/communities/people/me/claim/confirm" => JsonContent.Create(new { code = "123456" }),
            "POST /api/communities/people/{fresh:person}/account" => JsonContent.Create(new { subject = $"matrix-account-{_run}-{n}" }),
            "POST /api/communities/import/communities" => await CsvAsync("/api/communities/export/communities"),
            "POST /api/communities/import/people" => await CsvAsync("/api/communities/export/people"),
            "POST /api/scheduling/venues" => JsonContent.Create(new { name = $"ห้องทดสอบ {_run} {n}", capacity = 20 }),
            "POST /api/scheduling/programmes" => JsonContent.Create(new { fiscalYear = 2591, title = $"โครงการ {_run} {n}", targetRoles = new[] { "president" } }),
            "POST /api/scheduling/programmes/from-template" => JsonContent.Create(new { fiscalYear = 2589 }),
            "POST /api/scheduling/sessions" => JsonContent.Create(SessionBody()),
            "PUT /api/scheduling/sessions/{fresh:session}" => JsonContent.Create(SessionBody()),
            "POST /api/scheduling/sessions/{fresh:session}/cancel" => JsonContent.Create(new { reason = "ทดสอบสิทธิ์" }),
            "POST /api/scheduling/sessions/{fresh:session}/close" => JsonContent.Create(new { attendeeCount = 3, minutes = "บันทึก" }),
            "POST /api/scheduling/sessions/{session}/invitations" => JsonContent.Create(new { }),
            "POST /api/scheduling/sessions/{session}/registrations" => JsonContent.Create(new { }),
            "POST /api/scheduling/registrations/{fresh:registrationA}/move" => JsonContent.Create(new { sessionId = await SessionAsync() }),
            "POST /api/scheduling/registrations/{fresh:registrationA}/cancel" => null,
            "POST /api/scheduling/sessions/{session}/check-ins" => JsonContent.Create(new { code = "ABCD2345" }),
            "POST /api/scheduling/sessions/{session}/issues" => JsonContent.Create(new { communityId = A, category = "road", description = "ถนนชำรุด" }),
            "POST /api/requests" => JsonContent.Create(new { communityId = A, category = "road", title = $"ถนนชำรุด {n}", description = "หลุมบ่อหน้าบ้าน" }),
            "POST /api/requests/{fresh:requestA}/location" => JsonContent.Create(new { latitude = 16.4805, longitude = 99.5490 }),
            "POST /api/requests/{fresh:requestA}/transitions" => JsonContent.Create(new { to = "triaged", division = "public-works", note = "รับเรื่อง" }),
            "POST /api/requests/{fresh:requestA}/photos" => Photo(),
            "POST /api/requests/{fresh:requestA}/feedback" => JsonContent.Create(new { @fixed = true, rating = 4, comment = "เรียบร้อยดี" }),
            "POST /api/requests/{fresh:phoneRequest}/feedback" => JsonContent.Create(new { @fixed = true, rating = 5, comment = "ผู้แจ้งโทรมาบอกว่าเรียบร้อย" }),
            "POST /api/requests/{fresh:requestA}/reroute" => JsonContent.Create(new { division = "public-health", reason = "ต้นไม้ล้มขวางถนน ส่งกองสาธารณสุข" }),
            "POST /api/requests/{fresh:requestA}/assignment" => JsonContent.Create(new { officer = (string?)null, note = "ยังไม่มอบหมาย" }),
            "POST /api/requests/{requestA}/notes" => JsonContent.Create(new { text = $"บันทึกภายใน {n}" }),
            "POST /api/requests/{fresh:requestA}/photos/after" => Photo(),
            "POST /api/requests/plan/periods" => JsonContent.Create(new { firstYear = 2571 }),
            "POST /api/requests/plan/projects" => JsonContent.Create(new { title = $"โครงการ {_run} {n}", strategy = "โครงสร้างพื้นฐาน", fiscalYears = new[] { 2570 }, estimatedBudget = 1000m }),
            "POST /api/requests/plan/projects/{fresh:project}/progress" => JsonContent.Create(new { stage = "in-plan", note = "อยู่ในแผนแล้ว" }),
            "POST /api/requests/open311/keys" => JsonContent.Create(new { name = $"matrix {_run} {n}" }),
            "POST /open311/v2/requests.{format}" => Open311Form(),
            "POST /api/notifications/announcements" => JsonContent.Create(new { audience = "all-leaders", title = $"ประกาศทดสอบ {n}", message = "ทดสอบสิทธิ์การส่งประกาศ" }),
            "PUT /api/notifications/preferences" => JsonContent.Create(new { language = caller == Caller.Resident ? "en" : "th" }),
            "POST /api/notifications/line/webhook" => new StringContent("{\"destination\":\"x\",\"events\":[]}", Encoding.UTF8, "application/json"),
            _ => row.Method is "POST" or "PUT" ? JsonContent.Create(new { }) : null,
        };
    }

    private int Next() => Interlocked.Increment(ref _counter);

    /// <summary>1 October of the next Thai fiscal year: its sessions are always in the future.</summary>
    private static DateTime NextFiscalYearStart
    {
        get
        {
            var bangkok = DateTime.UtcNow.AddHours(7);
            return new DateTime(bangkok.Month >= 10 ? bangkok.Year + 1 : bangkok.Year, 10, 1, 0, 0, 0, DateTimeKind.Unspecified);
        }
    }

    private object SessionBody()
    {
        // A day of its own for every session, so sessions in our room never overlap.
        var day = NextFiscalYearStart.AddDays(Interlocked.Increment(ref _sessionDay));
        return new
        {
            programmeId = Programme,
            title = $"ครั้งทดสอบ {_run}",
            startsAt = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T09:00",
            endsAt = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T12:00",
            venueId = Venue,
            capacity = 30,
        };
    }

    private async Task<Guid> ProjectAsync() =>
        (await ReadAsync(HttpMethod.Post, "/api/requests/plan/projects", Staff,
            new { title = $"โครงการปรับปรุงถนน {_run} {Next()}", strategy = "โครงสร้างพื้นฐาน", fiscalYears = new[] { 2570 }, estimatedBudget = 250000m }, HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private async Task<Guid> SessionAsync() =>
        (await ReadAsync(HttpMethod.Post, "/api/scheduling/sessions", Staff, SessionBody(), HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private static object PersonBody(string? subject, string first, string last) => new
    {
        title = "นาย",
        firstNameTh = first,
        lastNameTh = last,
        preferredChannel = "in-app",
        language = "th",
        subject,
    };

    private async Task<Guid> PersonAsync(string? subject, string first, string last) =>
        (await ReadAsync(HttpMethod.Post, "/api/communities/people", Staff, PersonBody(subject, first, last), HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private async Task<Guid> OfficeAsync(Guid person, Guid community) =>
        (await ReadAsync(HttpMethod.Post, "/api/communities/offices", Staff,
            new { personId = person, role = "committee-member", communityId = community, startDate = "2024-01-01" }, HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private async Task<Guid> RequestAsync(string token, Guid community) =>
        (await ReadAsync(HttpMethod.Post, "/api/requests", token,
            new { communityId = community, category = "road", title = $"ถนนชำรุด {_run} {Next()}", description = "หลุมบ่อลึก" }, HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private async Task<object> CommunityStateAsync(Guid id)
    {
        var c = await _gateway.GetFromJsonAsync<JsonElement>($"/api/communities/{id}");
        return new
        {
            code = c.GetProperty("code").GetString(),
            nameTh = c.GetProperty("nameTh").GetString(),
            nameEn = c.GetProperty("nameEn").GetString(),
            zone = c.GetProperty("zone").GetString(),
            households = c.GetProperty("households").GetInt32(),
            population = c.GetProperty("population").GetInt32(),
            latitude = c.GetProperty("latitude").GetDouble(),
            longitude = c.GetProperty("longitude").GetDouble(),
            status = c.GetProperty("status").GetString(),
        };
    }

    private async Task<HttpContent> CsvAsync(string exportPath)
    {
        using var export = await SendAsync(HttpMethod.Get, exportPath, Admin, null);
        var csv = await export.Content.ReadAsByteArrayAsync();
        var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        return content;
    }

    private FormUrlEncodedContent Open311Form() => new(new Dictionary<string, string>
    {
        ["api_key"] = Open311Key,
        ["service_code"] = "road",
        ["lat"] = "16.4810",
        ["long"] = "99.5495",
        ["description"] = "ถนนชำรุด รายงานผ่าน Open311",
    });

    /// <summary>A 1×1 PNG: a real image by its bytes.</summary>
    private static MultipartFormDataContent Photo()
    {
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        var file = new ByteArrayContent(png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return new MultipartFormDataContent { { file, "photos", "photo.png" } };
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _gateway.SendAsync(request);
    }

    private async Task<JsonElement> ReadAsync(HttpMethod method, string path, string? token, object? body, HttpStatusCode expected)
    {
        using var response = await SendAsync(method, path, token, body is null ? null : JsonContent.Create(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
