using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Municipal.EndToEnd.Tests;

/// <summary>
/// Open311 through the gateway as an unchanged client sees it (issue 17, part 2): 1,000 ids in one GET, discovery naming
/// the address the client called, and every error under /open311/, the gateway's own included, in the spec's error
/// form and the requested format.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class Open311EdgeTests(SystemFixture system)
{
    private HttpClient Gateway => system.Gateway;

    private static async Task<XElement> XmlErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var error = XDocument.Parse(text).Root!;
        Assert.Equal("errors", error.Name.LocalName);
        var one = Assert.Single(error.Elements("error"));
        Assert.Equal(["code", "description"], one.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(((int)status).ToString(), one.Element("code")!.Value);
        return one;
    }

    private static async Task<JsonElement> JsonErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = Assert.Single(JsonDocument.Parse(text).RootElement.EnumerateArray());
        Assert.Equal(["code", "description"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal((int)status, error.GetProperty("code").GetInt32());
        return error;
    }

    [Fact]
    public async Task A_client_polling_a_thousand_ids_in_one_get_is_answered()
    {
        var ids = string.Join(',', Enumerable.Range(0, 1000).Select(i => $"R2570-{i:X8}"));
        using var response = await Gateway.GetAsync($"/open311/v2/requests.json?service_request_id={Uri.EscapeDataString(ids)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.ValueKind);
    }

    [Fact]
    public async Task Discovery_names_the_address_the_client_called_not_the_services_own()
    {
        var discovery = JsonDocument.Parse(await Gateway.GetStringAsync("/open311/v2/discovery.json")).RootElement;
        var url = discovery.GetProperty("endpoints")[0].GetProperty("url").GetString()!;
        Assert.Equal(new Uri(Gateway.BaseAddress!, "/open311/v2").ToString().TrimEnd('/'), url.TrimEnd('/'));
    }

    [Fact]
    public async Task The_routers_and_the_gateways_errors_come_in_the_spec_form_and_the_requested_format()
    {
        await JsonErrorAsync(await Gateway.GetAsync("/open311/v2/nothing-here.json"), HttpStatusCode.NotFound);
        await XmlErrorAsync(await Gateway.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/open311/v2/services.xml")), HttpStatusCode.MethodNotAllowed);

        // The gateway's own: a body over its limit, an address over its limit.
        // As a careful client sends a large body (Expect: 100-continue): the refusal comes before the body is sent, so the
        // gateway's closing the connection after its 413 cannot cut the client off mid-write.
        HttpRequestMessage Big()
        {
            var big = new HttpRequestMessage(HttpMethod.Post, "/open311/v2/requests.xml")
            {
                Content = new StringContent("api_key=x&description=" + new string('a', 2 * 1024 * 1024), Encoding.UTF8, "application/x-www-form-urlencoded"),
            };
            big.Headers.ExpectContinue = true;
            return big;
        }

        // The anonymous submission window is shared with the other tests' submissions: a 429 here is theirs, not this one's.
        var answer = await Gateway.SendAsync(Big());
        if (answer.StatusCode == HttpStatusCode.TooManyRequests)
        {
            await Task.Delay(answer.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(10));
            answer.Dispose();
            answer = await Gateway.SendAsync(Big());
        }

        await XmlErrorAsync(answer, HttpStatusCode.RequestEntityTooLarge);
        await JsonErrorAsync(await Gateway.GetAsync("/open311/v2/requests.json?service_request_id=" + new string('R', 40 * 1024)), HttpStatusCode.RequestUriTooLong);
    }

    [Fact]
    public async Task Over_the_submission_limit_open311_gets_a_429_in_the_spec_form_with_retry_after()
    {
        HttpResponseMessage? limited = null;
        for (var i = 0; i <= SystemFixture.AnonymousSubmissionsPerWindow * 2 && limited is null; i++)
        {
            using var form = new FormUrlEncodedContent([new("service_code", "road")]);
            var response = await Gateway.PostAsync("/open311/v2/requests.xml", form);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        using (limited)
        {
            Assert.NotNull(limited.Headers.RetryAfter);
            await XmlErrorAsync(limited, HttpStatusCode.TooManyRequests);
            await Task.Delay(limited.Headers.RetryAfter!.Delta ?? TimeSpan.FromSeconds(10)); // leave the window to the other tests
        }
    }
}
