using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Application;
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

        var outcome = await import.ImportAsync(await File.ReadAllBytesAsync(path, cancellationToken), ImportMode.AllOrNothing, cancellationToken);
        if (outcome.Succeeded)
        {
            LogSeeded(outcome.Value!.Created, path);
            return;
        }

        if (outcome.Refusal!.Kind == CommunitiesProblems.ImportRaced && await db.Communities.AsNoTracking().AnyAsync(cancellationToken))
        {
            return; // another replica seeded the same database first
        }

        var rows = outcome.Refusal.Extensions.GetValueOrDefault("rows") is IReadOnlyList<RowProblem> bad
            ? string.Join("; ", bad.Select(r => $"line {r.Line}: {string.Join(" ", r.Errors)}"))
            : outcome.Refusal.Detail;
        throw new InvalidOperationException($"{path} cannot be loaded: {outcome.Refusal.Title} {rows}");
    }

    [LoggerMessage(LogLevel.Information, "Loaded {Count} founding communities from {Path}.")]
    private partial void LogSeeded(int count, string path);
}
