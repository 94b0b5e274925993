using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Domain;
using Municipal.Communities.Infrastructure;
using Municipal.Contracts;
using Municipal.Edge;
using Municipal.ServiceDefaults.Problems;
using Municipal.ThaiCalendar;

namespace Municipal.Communities.Application;

/// <summary>The filters of the list of communities.</summary>
public sealed record CommunityFilter(string? Q, string? Status, string? Zone);

/// <summary>Reading and changing communities; each command saves its own unit of work.</summary>
public sealed class CommunityUseCases(CommunitiesDbContext db, Registry registry, OfficeReader reader, RegistryLeaders leaders, TimeProvider time)
{
    public const string IncludeContacts = "contacts";

    public async Task<Result<Page<CommunityView>>> ListAsync(CommunityFilter filter, Paging paging, CancellationToken cancellationToken)
    {
        var query = db.Communities.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Status))
        {
            if (!CommunityInput.TryParseStatus(filter.Status, out var wanted))
            {
                return Refusal.Invalid("status", FieldError.NotOneOf(["active", "merged", "dissolved"], "Use active, merged or dissolved."));
            }

            query = query.Where(c => c.Status == wanted);
        }

        if (!string.IsNullOrWhiteSpace(filter.Zone))
        {
            var zone = filter.Zone.Trim();
            query = query.Where(c => c.Zone == zone);
        }

        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var text = filter.Q.Trim();
            var code = text.ToUpperInvariant();
            query = query.Where(c => c.NameTh.Contains(text) || c.Code.Contains(code));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await paging.Of(query.OrderBy(c => c.Code).ThenBy(c => c.Id)).ToListAsync(cancellationToken);
        return new Page<CommunityView>(items.Select(CommunityView.From).ToList(), total);
    }

    public async Task<Result<Versioned<CommunityDetailView>>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var community = await db.Communities.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return community is null ? NotFound() : await DetailAsync(community, cancellationToken);
    }

    public async Task<Result<Versioned<CommunityDetailView>>> RegisterAsync(CommunityInput input, CancellationToken cancellationToken)
    {
        var errors = input.Validate(out var details);
        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The community is not valid.");
        }

        if (await CheckAsync(details!, null, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var community = registry.RegisterCommunity(details!);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two registrations of one code at once: the unique index lets one through.
            db.ChangeTracker.Clear();
            if (!await db.Communities.AsNoTracking().AnyAsync(c => c.Code == details!.Code, cancellationToken))
            {
                throw;
            }

            return CodeTaken(details!.Code);
        }

        return new Versioned<CommunityDetailView>(CommunityDetailView.From(community, []), community.Version);
    }

    /// <param name="precondition">Checks the version the caller last read (<c>If-Match</c>) against the current one.</param>
    public async Task<Result<Versioned<CommunityDetailView>>> UpdateAsync(
        Guid id, CommunityInput input, Func<int, Refusal?> precondition, CancellationToken cancellationToken)
    {
        var community = await db.Communities.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (community is null)
        {
            return NotFound();
        }

        if (precondition(community.Version) is { } stale)
        {
            return stale;
        }

        var errors = input.Validate(out var details);
        if (details?.MergedInto == id)
        {
            errors["mergedInto"] = [FieldError.Rule(FieldErrorCodes.NotForStatus, "A community cannot be merged into itself.").With("status", "merged")];
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The community is not valid.");
        }

        if (await CheckAsync(details!, community, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        registry.ChangeCommunity(community, details!);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refusal.Stale();
        }

        return await DetailAsync(community, cancellationToken);
    }

    /// <summary>A community's terms, all or those held on <paramref name="asOf"/>; with the holders' contact details when asked for and allowed.</summary>
    public async Task<Result<Page<OfficeView>>> OfficesAsync(
        Guid id, Caller caller, DateOnly? asOf, string? include, Paging paging, CancellationToken cancellationToken)
    {
        var withContacts = string.Equals(include?.Trim(), IncludeContacts, StringComparison.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(include) && !withContacts)
        {
            return Refusal.Invalid("include", FieldError.NotOneOf([IncludeContacts], $"Only include={IncludeContacts} is known."));
        }

        if (asOf is { } asOfDay && CalendarDates.Problem(asOfDay) is { } dayProblem)
        {
            return Refusal.Invalid("asOf", dayProblem, "The filter is not valid.");
        }

        if (!await db.Communities.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return NotFound();
        }

        if (withContacts && !caller.IsSignedIn)
        {
            return Refusal.Of(ProblemTypes.Unauthorized, "Sign in to see contact details.",
                "Contact details are personal data: only officials and the community's own leader see them.");
        }

        if (withContacts)
        {
            var confirmed = await leaders.VerifyAsync(caller, cancellationToken);
            if (!ContactRules.MayReadCommunityContacts(confirmed, id))
            {
                return Refusal.Forbidden(caller.LeadsCommunity(id) ? "The registry does not list you as a leader of this community." : "Not your community.",
                    "A community leader sees the contact details of their own community's office holders only, while the registry lists them " +
                    "holding an office there today; names and roles are public without include=contacts.");
            }
        }

        var query = db.Offices.AsNoTracking().Where(o => o.CommunityId == id);
        if (asOf is { } day)
        {
            query = query.Where(Office.HeldOn(day));
        }

        var all = OrderForDisplay(await query.ToListAsync(cancellationToken));
        var today = BangkokTime.Today(time);
        var views = await reader.ViewsAsync(all.Skip(paging.Skip).Take(paging.PageSize).ToList(), cancellationToken,
            withContacts ? caller : null, "community-offices", o => ContactRules.ShowsContactOn(caller, o, today));
        return new Page<OfficeView>(views, all.Count);
    }

    private async Task<Refusal?> CheckAsync(CommunityDetails details, Community? current, CancellationToken cancellationToken)
    {
        if (details.Code != current?.Code && await db.Communities.AnyAsync(c => c.Code == details.Code, cancellationToken))
        {
            return CodeTaken(details.Code);
        }

        return details.MergedInto is { } target && !await db.Communities.AnyAsync(c => c.Id == target, cancellationToken)
            ? Refusal.Of(CommunitiesProblems.UnknownCommunity, "No such community to merge into.", "mergedInto names no community in the registry.")
            : null;
    }

    private async Task<Versioned<CommunityDetailView>> DetailAsync(Community community, CancellationToken cancellationToken)
    {
        var current = await db.Offices.AsNoTracking()
            .Where(o => o.CommunityId == community.Id)
            .Where(Office.HeldOn(BangkokTime.Today(time)))
            .ToListAsync(cancellationToken);
        var views = await reader.ViewsAsync(OrderForDisplay(current), cancellationToken);
        return new Versioned<CommunityDetailView>(CommunityDetailView.From(community, views), community.Version);
    }

    private static Refusal NotFound() => Refusal.NotFound("No such community.");

    private static Refusal CodeTaken(string code) =>
        Refusal.Of(CommunitiesProblems.CommunityCodeTaken, detail: $"Another community already has the code {code}.").With("code", code);

    private static readonly string[] RoleOrder =
    [
        OfficeRoleCodes.President, OfficeRoleCodes.VicePresident, OfficeRoleCodes.Secretary, OfficeRoleCodes.Treasurer, OfficeRoleCodes.CommitteeMember,
    ];

    /// <summary>As a community lists its committee: by role (president first), newest term first, then a stable key.</summary>
    internal static List<Office> OrderForDisplay(IEnumerable<Office> offices) => offices
        .OrderBy(o => Array.IndexOf(RoleOrder, o.Role) is var i and >= 0 ? i : RoleOrder.Length)
        .ThenByDescending(o => o.StartDate)
        .ThenBy(o => o.Id)
        .ToList();
}
