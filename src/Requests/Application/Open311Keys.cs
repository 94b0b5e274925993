using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Requests.Application;

/// <summary>Issues Open311 API keys: the secret is handed over once, only its hash is kept.</summary>
public sealed class Open311Keys(RequestsDbContext db, TimeProvider time)
{
    public async Task<Result<(Open311ApiKey Key, string Secret)>> IssueAsync(string? name, Caller caller, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > Open311ApiKey.NameMaxLength)
        {
            return Refusal.Invalid("name", FieldError.TooLong(Open311ApiKey.NameMaxLength, $"Name the client the key is for (1 to {Open311ApiKey.NameMaxLength} characters)."));
        }

        var issued = Open311ApiKey.Issue(name, caller.Subject, time.GetUtcNow());
        db.Open311Keys.Add(issued.Key);
        await db.SaveChangesAsync(cancellationToken);
        return issued;
    }

    public async Task<IReadOnlyList<Open311ApiKey>> ListAsync(CancellationToken cancellationToken) =>
        await db.Open311Keys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).ToListAsync(cancellationToken);
}
