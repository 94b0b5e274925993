using Microsoft.EntityFrameworkCore;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Application;

/// <summary>
/// The request categories as every submission needs them (due times, division), read from the database at most once per
/// <see cref="Freshness"/>. They are reference data: seeded at start and changed only by a migration, a change of the
/// seeder, or an operator editing the table by hand (no route edits them), which submissions then follow within a
/// minute. Reading them from memory saves each submission a statement.
/// </summary>
public sealed class CategoryCatalog(TimeProvider time)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromMinutes(1);

    private sealed record Snapshot(IReadOnlyDictionary<string, RequestCategory> ByCode, DateTimeOffset ReadAt);

    private Snapshot? _kept;

    /// <summary>The category with this code; null when the table does not hold it.</summary>
    public async Task<RequestCategory?> FindAsync(RequestsDbContext db, string code, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var kept = _kept;
        if (kept is null || now - kept.ReadAt >= Freshness || now < kept.ReadAt)
        {
            var all = await db.Categories.AsNoTracking().ToListAsync(cancellationToken);
            kept = new Snapshot(all.ToDictionary(c => c.Code, StringComparer.Ordinal), now);
            if (all.Count > 0) // an empty table is one the seeder has not filled yet: ask again next time
            {
                _kept = kept;
            }
        }

        return kept.ByCode.GetValueOrDefault(code);
    }
}
