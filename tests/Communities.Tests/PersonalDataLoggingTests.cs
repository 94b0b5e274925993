using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Municipal.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Municipal.Communities.Tests;

/// <summary>Collects everything the service logs, with its configured log levels: messages, structured values, scopes and exceptions.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider? _scopes;

    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    line.Append($" | {key}={value}");
                }
            }

            owner._scopes?.ForEachScope((scope, builder) => builder.Append($" | scope={scope}"), line);
            if (exception is not null)
            {
                line.Append($" | {exception}");
            }

            owner.Lines.Enqueue(line.ToString());
        }
    }
}

public sealed class LoggedFactory : ServiceFactory<Program>
{
    public LoggedFactory() : base(Extensions.EndpointName) =>
        ConfigureServices = services => services.AddSingleton<ILoggerProvider>(Logs);

    public CapturedLogs Logs { get; } = new();
}

public sealed class PersonalDataLoggingTests(LoggedFactory factory) : IClassFixture<LoggedFactory>
{
    [Fact]
    public async Task Person_operations_leave_no_name_phone_email_or_line_id_in_the_logs_or_in_any_activity_tag()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var first = "พิมพ์ใจ" + tag;
        var last = "ลับเฉพาะ" + tag;
        var nameEn = "Pimjai Secret" + tag;
        var digits = Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var phone = "09" + digits;
        var email = $"pimjai.{tag}@example.com";
        var line = "U" + Guid.NewGuid().ToString("N");
        var secrets = new[]
        {
            first, last, nameEn, phone, $"{phone[..3]}-{phone[3..6]}-{phone[6..]}", "+66" + phone[1..], phone[1..], email, line,
            "ใหม่" + tag, "08" + digits, "+668" + digits,
        };

        var tags = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                tags.Enqueue($"{activity.Source.Name} {activity.DisplayName}");
                foreach (var (key, value) in activity.TagObjects)
                {
                    tags.Enqueue($"{key}={value}");
                }

                foreach (var e in activity.Events)
                {
                    tags.Enqueue(e.Name);
                    foreach (var (key, value) in e.Tags)
                    {
                        tags.Enqueue($"{key}={value}");
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var community = await factory.CommunityIdAsync("KPP-01");
        using var staff = factory.Staff();

        // Register, read, search, change, assign (and clash), import, export, erase.
        using var created = await staff.PostAsJsonAsync("/api/communities/people", new
        {
            title = "นาง", firstNameTh = first, lastNameTh = last, nameEn, phone, email, lineUserId = line, preferredChannel = "line", subject = "sub-" + tag,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var (_, etag) = await staff.GetWithETagAsync($"/api/communities/people/{id}");
        (await staff.GetAsync("/api/communities/people?q=" + Uri.EscapeDataString(last))).Dispose();
        using (var changed = await staff.SendAsync(TestApi.Put($"/api/communities/people/{id}", new
        {
            title = "นาง", firstNameTh = first, lastNameTh = last, nameEn, phone = "08" + digits, email, lineUserId = line, preferredChannel = "sms",
            subject = "sub-" + tag,
        }, etag)))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        await factory.AssignedAsync(id, "president", community, startDate: "2019-10-01");
        var rival = (await factory.NewPersonAsync(first: "ใหม่" + tag)).GetProperty("id").GetGuid();
        (await factory.AssignAsync(rival, "president", community, startDate: "2020-01-01")).Dispose(); // 409 naming the holder, in the answer only
        (await staff.PostAsJsonAsync("/api/communities/people", new { firstNameTh = first, lastNameTh = last, phone = "12" + digits, email = "x" + email }))
            .Dispose(); // 400

        using var csv = new ByteArrayContent(Encoding.UTF8.GetBytes(
            $"first_name_th,last_name_th,phone,email,line_user_id\n{first},{last}x,{phone},{email},{line}\n{first},{last}y,{phone}9,{email},{line}\n"));
        csv.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        (await staff.PostAsync("/api/communities/import/people?mode=good-rows-only", csv)).Dispose();
        (await staff.GetAsync("/api/communities/export/people")).Dispose();
        using var leader = await factory.ConfirmedLeaderAsync(community, "leader-" + tag);
        (await leader.GetAsync($"/api/communities/{community}/offices?include=contacts")).Dispose();
        (await staff.DeleteAsync($"/api/communities/people/{id}")).Dispose();

        await Eventually.TrueAsync(() => Task.FromResult(factory.Harness.Published.Select<Contracts.PersonErased>().Any(m => m.Context.Message.PersonId == id)),
            what: "the erasure to be published");

        var logs = factory.Logs.Lines.ToList();
        Assert.Contains(logs, l => l.Contains(id.ToString(), StringComparison.Ordinal)); // the log speaks of the person by id
        Assert.Contains(tags, t => t.Contains("/api/communities/people", StringComparison.Ordinal)); // and the requests were traced
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(logs, l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(tags, t => t.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }
}
