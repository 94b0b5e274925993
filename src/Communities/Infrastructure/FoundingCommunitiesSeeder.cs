using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Application.Csv;
using Municipal.Messaging.Persistence;

namespace Municipal.Communities.Infrastructure;

/// <summary>
/// On the first start of an empty registry, imports the founding communities from <c>Data/communities.csv</c>
/// through the same import as an uploaded file (so each is announced with <c>CommunityRegistered</c>), in one transaction.
/// </summary>
internal sealed partial class FoundingCommunitiesSeeder(IHostEnvironment environment, CommunityImport import, ILogger<FoundingCommunitiesSeeder> logger)
    : IDatabaseSeeder<CommunitiesDbContext>
{
    public const string FileName = "communities.csv";

    public async Task SeedAsync(CommunitiesDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Communities.AnyAsync(cancellationToken))
        {
            return;
        }

        var path = Path.Combine(AppContext.BaseDirectory, "Data", FileName);
        if (!File.Exists(path))
        {
            path = Path.Combine(environment.ContentRootPath, "Data", FileName);
        }

        ImportOutcome outcome;
        try
        {
            outcome = await import.ImportAsync(await File.ReadAllBytesAsync(path, cancellationToken), ImportMode.AllOrNothing, cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await db.Communities.AsNoTracking().AnyAsync(cancellationToken))
            {
                throw;
            }

            return; // another replica seeded the same database first
        }

        switch (outcome)
        {
            case ImportOutcome.Imported imported:
                LogSeeded(imported.Report.Created, path);
                break;
            case ImportOutcome.Refused refused:
                throw new InvalidOperationException($"{path} has bad rows: " +
                    string.Join("; ", refused.BadRows.Select(r => $"line {r.Line}: {string.Join(" ", r.Errors)}")));
        }
    }

    [LoggerMessage(LogLevel.Information, "Loaded {Count} founding communities from {Path}.")]
    private partial void LogSeeded(int count, string path);
}
