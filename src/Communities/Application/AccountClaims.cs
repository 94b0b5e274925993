using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Domain;
using Municipal.Communities.Infrastructure;
using Municipal.Contracts;
using Municipal.Edge;
using Municipal.Messaging.Outbox;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Communities.Application;

/// <summary>What an account sends to ask for its code: the phone number the registry holds for its person.</summary>
public sealed record ClaimRequest(string? Phone = null);

/// <summary>The code the person received.</summary>
public sealed record ClaimConfirmation(string? Code = null);

/// <summary>
/// The same answer whether the phone matched a person or not (the registry does not tell who is in it): a code is on its
/// way if it did, valid until <see cref="ExpiresAt"/>.
/// </summary>
public sealed record ClaimSent(DateTimeOffset ExpiresAt, int CodeLength);

/// <summary>The account now linked to its person.</summary>
public sealed record AccountLinked(Guid PersonId, string Name, string Subject);

/// <summary>An account that asked to be linked and is not yet: what a clerk finds by name (the account's, as its token gave it).</summary>
public sealed record AccountRequestView(string Subject, string? Name, DateTimeOffset RequestedAt, bool PhoneMatched);

/// <summary>The clerk's link of a person to an account that asked.</summary>
public sealed record AccountLink(string? Subject = null);

/// <summary>
/// Links a sign-in account to its person in the registry. In the common case with no clerk: the account gives its phone,
/// the person gets a one-time code there (AccountClaimCodeIssued → an SMS from Notifications), and the code typed back
/// links them (PersonContactChanged carries the subject to every service). Where the code cannot reach the person, a
/// clerk finds the account's request by name and links it. Each command saves its own unit of work.
/// </summary>
public sealed partial class AccountClaims(CommunitiesDbContext db, Registry registry, TimeProvider time, ILogger<AccountClaims> logger)
{
    public async Task<Result<ClaimSent>> RequestAsync(Caller caller, string? accountName, ClaimRequest body, CancellationToken cancellationToken)
    {
        if (caller.Subject is not { } subject)
        {
            return Refusal.Forbidden("Sign in first.");
        }

        if (string.IsNullOrWhiteSpace(body.Phone))
        {
            return Refusal.Invalid("phone", FieldError.Required("The phone number the registry holds for you."));
        }

        if (!ThaiPhoneNumber.TryParse(body.Phone, out var phone, out var phoneError))
        {
            return Refusal.Invalid("phone", FieldError.BadFormat(FieldFormats.ThaiPhone, phoneError!));
        }

        if (await db.People.AnyAsync(p => p.Subject == subject, cancellationToken))
        {
            return AlreadyLinked();
        }

        var now = time.GetUtcNow();
        var hourAgo = now.AddHours(-1);
        if (await db.AccountClaims.CountAsync(c => c.Subject == subject && c.CreatedAt > hourAgo, cancellationToken) >= AccountClaim.MaxPerHour)
        {
            return Refusal.Of(ProblemTypes.TooManyRequests, detail: $"At most {AccountClaim.MaxPerHour} codes an hour: use the last one, or ask the registry staff.");
        }

        var e164 = phone.E164;
        var matches = await db.People.AsNoTracking()
            .Where(p => p.PhoneE164 == e164 && p.ErasedAt == null && p.Subject == null)
            .Select(p => p.Id).Take(2).ToListAsync(cancellationToken);
        // Two unlinked people on one phone (a household): the code would not say whom it is for, so a clerk decides.
        Guid? personId = matches.Count == 1 ? matches[0] : null;
        var (claim, code) = AccountClaim.Issue(subject, accountName, personId, now);
        db.AccountClaims.Add(claim);
        if (personId is { } id)
        {
            db.EnqueueEvent(new AccountClaimCodeIssued { ClaimId = claim.Id, PersonId = id, Code = code, ExpiresAt = claim.ExpiresAt, OccurredAt = now }, time);
        }

        await db.SaveChangesAsync(cancellationToken);
        LogClaimRequested(claim.Id, personId is not null);
        return new ClaimSent(claim.ExpiresAt, AccountClaim.CodeLength);
    }

    public async Task<Result<AccountLinked>> ConfirmAsync(Caller caller, ClaimConfirmation body, CancellationToken cancellationToken)
    {
        if (caller.Subject is not { } subject)
        {
            return Refusal.Forbidden("Sign in first.");
        }

        if (AccountClaim.Normalize(body.Code) is not { } code)
        {
            return Refusal.Invalid("code", string.IsNullOrWhiteSpace(body.Code)
                ? FieldError.Required("The code that was sent to your phone.")
                : FieldError.BadFormat(FieldFormats.ClaimCode, $"The code has {AccountClaim.CodeLength} digits.").With("length", AccountClaim.CodeLength));
        }

        if (await db.People.AnyAsync(p => p.Subject == subject, cancellationToken))
        {
            return AlreadyLinked();
        }

        var now = time.GetUtcNow();
        var claim = (await db.AccountClaims.Where(c => c.Subject == subject && c.CompletedAt == null && c.PersonId != null)
                .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Take(1).ToListAsync(cancellationToken))
            .FirstOrDefault(c => c.IsOpen(now));
        if (claim is null)
        {
            return Refusal.Of(CommunitiesProblems.NoPendingClaim, detail: "Ask for a code first, or ask for a new one: a code lasts 15 minutes and five tries.");
        }

        if (!claim.Matches(code))
        {
            await db.SaveChangesAsync(cancellationToken);
            return Refusal.Of(CommunitiesProblems.ClaimCodeWrong, detail: $"{claim.AttemptsLeft} tries left.").With("attemptsLeft", claim.AttemptsLeft);
        }

        return await LinkAsync(claim.PersonId!.Value, subject, claim, cancellationToken);
    }

    /// <summary>The accounts that asked to be linked and are not: newest first, by the account's name (the clerk's search).</summary>
    public async Task<Result<Page<AccountRequestView>>> PendingAsync(string? q, Paging paging, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow() - AccountClaim.KeptFor;
        var linked = db.People.Where(p => p.Subject != null).Select(p => p.Subject);
        var claims = await db.AccountClaims.AsNoTracking()
            .Where(c => c.CreatedAt > since && c.CompletedAt == null && !linked.Contains(c.Subject))
            .ToListAsync(cancellationToken);
        var text = q?.Trim();
        var pending = claims.GroupBy(c => c.Subject)
            .Select(g => g.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).First())
            .Where(c => string.IsNullOrEmpty(text) || (c.AccountName?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
                || c.Subject.Equals(text, StringComparison.Ordinal))
            .OrderByDescending(c => c.CreatedAt).ThenBy(c => c.Subject, StringComparer.Ordinal)
            .ToList();
        return new Page<AccountRequestView>(pending.Skip(paging.Skip).Take(paging.PageSize)
            .Select(c => new AccountRequestView(c.Subject, c.AccountName, c.CreatedAt, c.PersonId is not null)).ToList(), pending.Count);
    }

    /// <summary>A clerk links a person to an account (one that asked, found by its name).</summary>
    public async Task<Result<AccountLinked>> LinkByClerkAsync(Guid personId, AccountLink body, CancellationToken cancellationToken)
    {
        var subject = body.Subject?.Trim();
        if (string.IsNullOrEmpty(subject))
        {
            return Refusal.Invalid("subject", FieldError.Required("The account to link."));
        }

        if (subject.Length > PersonInput.SubjectMaxLength || subject.Any(char.IsWhiteSpace))
        {
            return Refusal.Invalid("subject", FieldError.BadFormat(FieldFormats.Subject, "Not an account."));
        }

        return await LinkAsync(personId, subject, null, cancellationToken);
    }

    private async Task<Result<AccountLinked>> LinkAsync(Guid personId, string subject, AccountClaim? claim, CancellationToken cancellationToken)
    {
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == personId, cancellationToken);
        if (person is null || person.IsErased)
        {
            return Refusal.NotFound("No such person.");
        }

        if (person.Subject == subject)
        {
            return new AccountLinked(person.Id, person.DisplayName, subject);
        }

        if (person.Subject is not null || await db.People.AnyAsync(p => p.Subject == subject, cancellationToken))
        {
            return Refusal.Of(CommunitiesProblems.SubjectTaken, detail: "One account, one person: this person or this account is linked already.");
        }

        registry.ChangePerson(person, person.Details with { Subject = subject });
        var now = time.GetUtcNow();
        claim?.Complete(now);
        foreach (var open in await db.AccountClaims.Where(c => c.Subject == subject && c.CompletedAt == null).ToListAsync(cancellationToken))
        {
            open.Complete(now);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another link of this account or this person won the race: the unique index let one through.
            db.ChangeTracker.Clear();
            return Refusal.Of(CommunitiesProblems.SubjectTaken, detail: "One account, one person: this person or this account is linked already.");
        }

        LogLinked(person.Id, claim is null ? "clerk" : "code");
        return new AccountLinked(person.Id, person.DisplayName, subject);
    }

    private static Refusal AlreadyLinked() => Refusal.Of(CommunitiesProblems.AlreadyLinked, detail: "Your account is linked to your person in the registry already.");

    [LoggerMessage(LogLevel.Information, "Account claim {ClaimId} asked; phone matched a person: {Matched}.")]
    private partial void LogClaimRequested(Guid claimId, bool matched);

    [LoggerMessage(LogLevel.Information, "Person {PersonId} linked to an account by {How}.")]
    private partial void LogLinked(Guid personId, string how);
}
