using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Domain;
using Municipal.Contracts;
using Municipal.Messaging.Outbox;
using Municipal.Messaging.Persistence;
using Municipal.ServiceDefaults;
using System.Globalization;

namespace Municipal.Communities.Infrastructure;

/// <summary>
/// On the first start of an empty registry, loads the founding communities from <c>Data/communities.csv</c>
/// and announces each with <c>CommunityRegistered</c>, in one transaction.
/// </summary>
internal sealed partial class FoundingCommunitiesSeeder(IHostEnvironment environment, TimeProvider time, ILogger<FoundingCommunitiesSeeder> logger)
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

        var now = time.GetUtcNow();
        var communities = Read(path, now);
        foreach (var community in communities)
        {
            db.Communities.Add(community);
            db.EnqueueEvent(new CommunityRegistered
            {
                CommunityId = community.Id,
                Code = community.Code,
                NameTh = community.NameTh,
                NameEn = community.NameEn,
                Zone = community.Zone,
                Status = "active",
                Latitude = community.Latitude,
                Longitude = community.Longitude,
                OccurredAt = now,
            }, time);
        }

        await db.SaveChangesAsync(cancellationToken);
        LogSeeded(communities.Count, path);
    }

    private static List<Community> Read(string path, DateTimeOffset now)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim });
        return csv.GetRecords<Row>()
            .Select(r => Community.Register(r.code, r.name_th, r.name_en, r.zone, r.households, r.population,
                r.latitude is { } lat && r.longitude is { } lon ? new GeoPoint(lat, lon) : null, now))
            .ToList();
    }

#pragma warning disable IDE1006 // CSV column names
    private sealed record Row(string code, string name_th, string? name_en, string? zone, int? households, int? population, double? latitude, double? longitude);
#pragma warning restore IDE1006

    [LoggerMessage(LogLevel.Information, "Loaded {Count} founding communities from {Path}.")]
    private partial void LogSeeded(int count, string path);
}
