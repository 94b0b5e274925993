using Microsoft.EntityFrameworkCore;
using Municipal.Messaging.Persistence;
using Municipal.Requests.Domain;

namespace Municipal.Requests.Infrastructure;

/// <summary>
/// Adds the request categories and the divisions of the shared vocabulary that the database lacks.
/// Existing rows are left alone: the municipality may have edited names and target times.
/// </summary>
internal sealed partial class ReferenceDataSeeder(TimeProvider time, ILogger<ReferenceDataSeeder> logger) : IDatabaseSeeder<RequestsDbContext>
{
    public async Task SeedAsync(RequestsDbContext db, CancellationToken cancellationToken)
    {
        var categories = await db.Categories.Select(c => c.Code).ToListAsync(cancellationToken);
        var divisions = await db.Divisions.Select(d => d.Code).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var added = 0;
        foreach (var category in RequestCategories.Defaults.Where(c => !categories.Contains(c.Code)))
        {
            db.Categories.Add(new RequestCategory(category.Code, category.NameTh, category.NameEn, category.DivisionCode,
                category.FirstResponseHours, category.ResolutionDays, category.SortOrder));
            added++;
        }

        foreach (var (code, nameTh, nameEn) in Division.Vocabulary.Where(d => !divisions.Contains(d.Code)))
        {
            // UpdatedAt at the epoch: the registry's DivisionRegistered, whenever it comes, takes precedence.
            db.Divisions.Add(new Division(code, nameTh, nameEn, null, DateTimeOffset.UnixEpoch));
            added++;
        }

        if (added > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            LogSeeded(added, now);
        }
    }

    [LoggerMessage(LogLevel.Information, "Added {Count} categories and divisions of the shared vocabulary at {At}.")]
    private partial void LogSeeded(int count, DateTimeOffset at);
}
