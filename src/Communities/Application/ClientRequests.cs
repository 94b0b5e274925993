using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Infrastructure;

namespace Municipal.Communities.Application;

/// <summary>
/// A create request the registry has already carried out, by the client's request id (header
/// <c>x-requestid</c>, a GUID): a retried POST answers with what the first one created instead of
/// creating it twice. Stored in the same transaction as the record it created.
/// </summary>
public sealed class ClientRequest
{
    public const int KindMaxLength = 32;

    public Guid Id { get; init; }

    /// <summary><c>community</c>, <c>person</c> or <c>office</c>.</summary>
    public required string Kind { get; init; }

    public Guid ResourceId { get; init; }

    public DateTimeOffset At { get; init; }
}

public static class ClientRequests
{
    public const string Header = "x-requestid";

    /// <summary>The request id of the call: null without the header; false when it is not a GUID.</summary>
    public static bool TryRead(HttpRequest request, out Guid? requestId)
    {
        requestId = null;
        var value = request.Headers[Header].ToString();
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        if (!Guid.TryParse(value, out var id) || id == Guid.Empty)
        {
            return false;
        }

        requestId = id;
        return true;
    }

    /// <summary>What an earlier request with this id created, if any.</summary>
    public static async Task<ClientRequest?> FindAsync(this CommunitiesDbContext db, Guid? requestId, CancellationToken cancellationToken) =>
        requestId is { } id ? await db.ClientRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) : null;

    /// <summary>Remembers what this request creates, to be saved with it.</summary>
    public static void Remember(this CommunitiesDbContext db, Guid? requestId, string kind, Guid resourceId, DateTimeOffset now)
    {
        if (requestId is { } id)
        {
            db.ClientRequests.Add(new ClientRequest { Id = id, Kind = kind, ResourceId = resourceId, At = now });
        }
    }
}
