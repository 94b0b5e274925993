using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Application;
using Municipal.Communities.Domain;
using Municipal.Messaging.Persistence;

namespace Municipal.Communities.Infrastructure;

/// <summary>On an empty registry, registers the divisions of the shared vocabulary, each announced with <c>DivisionRegistered</c>.</summary>
internal sealed partial class DivisionsSeeder(Registry registry, ILogger<DivisionsSeeder> logger) : IDatabaseSeeder<CommunitiesDbContext>
{
    public async Task SeedAsync(CommunitiesDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Divisions.AnyAsync(cancellationToken))
        {
            return;
        }

        foreach (var (code, nameTh, nameEn) in DivisionCatalogue.Founding)
        {
            registry.RegisterDivision(code, nameTh, nameEn);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await db.Divisions.AsNoTracking().AnyAsync(cancellationToken))
            {
                throw;
            }

            return; // another replica seeded the same database first
        }

        LogSeeded(DivisionCatalogue.Founding.Count);
    }

    [LoggerMessage(LogLevel.Information, "Registered the {Count} divisions of the municipality.")]
    private partial void LogSeeded(int count);
}
