using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Municipal.Edge;
using Municipal.Requests.Application;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults;
using System.Data.Common;

namespace Municipal.Requests.Tests;

/// <summary>The duplicate search every submission runs, on its own database: open requests only, in one statement made once.</summary>
public sealed class DuplicateSearchTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"municipal-duplicates-{Guid.NewGuid():N}.db");
    private readonly Statements _statements = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    private RequestsDbContext Db() => new(new DbContextOptionsBuilder<RequestsDbContext>()
        .UseSqlite($"Data Source={_file}")
        .AddInterceptors(_statements)
        .Options);

    [Fact]
    public async Task Only_open_requests_are_offered_and_the_statement_is_made_once_and_reused_at_every_submission()
    {
        var point = new GeoPoint(16.4900, 99.5600);
        var staff = new Caller("staff-1", new HashSet<string> { Roles.Staff }, null, "public-works");
        Guid open, rejected;
        await using (var db = Db())
        {
            await db.Database.EnsureCreatedAsync();
            var first = Drain(point, DateTimeOffset.UtcNow);
            var second = Drain(new GeoPoint(16.4901, 99.5600), DateTimeOffset.UtcNow);
            second.Apply(new TransitionCommand(RequestStatus.Rejected, Note: "นอกเขตรับผิดชอบ"), staff, DateTimeOffset.UtcNow);
            db.Requests.AddRange(first, second);
            await db.SaveChangesAsync();
            (open, rejected) = (first.Id, second.Id);
        }

        _statements.Texts.Clear();
        for (var submission = 0; submission < 2; submission++)
        {
            await using var db = Db();
            var hints = await new DuplicateFinder(db).FindAsync("drainage", point, Guid.NewGuid(), CancellationToken.None);
            Assert.Equal([open], hints.Select(h => h.Id)); // the rejected one, 11 m away, is not offered
        }

        // EF Core caches a statement's SQL unless its values are written into it at each call (a list in EF.Constant was):
        // the second submission runs the very text the first one made.
        Assert.Equal(2, _statements.Texts.Count);
        Assert.Same(_statements.Texts[0], _statements.Texts[1]);
        Assert.DoesNotContain(rejected.ToString(), _statements.Texts[0], StringComparison.OrdinalIgnoreCase);
    }

    private static ServiceRequest Drain(GeoPoint at, DateTimeOffset now) => ServiceRequest.Submit(
        new RequestSubmission
        {
            CommunityId = Guid.NewGuid(), Category = "drainage", Title = "ท่อตัน", Description = "น้ำไม่ไหล",
            Location = at,
        },
        RequestCategories.Defaults.Single(c => c.Code == "drainage"), RequestChannel.Web, Submitter.Nobody, now);

    private sealed class Statements : DbCommandInterceptor
    {
        public List<string> Texts { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Texts.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }
}
