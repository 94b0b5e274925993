using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Application;

public sealed record CategoryView(string Code, string NameTh, string NameEn, string DivisionCode, string? DivisionNameTh, int FirstResponseHours, int ResolutionDays);

/// <summary>The categories requests are filed under, with the division each goes to.</summary>
public sealed class ReferenceData(RequestsDbContext db)
{
    public async Task<Page<CategoryView>> CategoriesAsync(CancellationToken cancellationToken)
    {
        var divisions = await db.Divisions.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.NameTh, cancellationToken);
        var items = (await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Code).ToListAsync(cancellationToken))
            .Select(c => new CategoryView(c.Code, c.NameTh, c.NameEn, c.DivisionCode, divisions.GetValueOrDefault(c.DivisionCode), c.FirstResponseHours, c.ResolutionDays))
            .ToList();
        return new Page<CategoryView>(items, items.Count);
    }
}
