using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Domain;
using Municipal.Communities.Infrastructure;
using Municipal.Edge;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Communities.Application.Csv;

/// <summary>
/// Imports people with their terms of office from CSV: one row per term (or a person without one).
/// A row names its person by <c>person_id</c> (exports carry it) or, without one, by the natural key:
/// Thai first name + Thai last name + phone (E.164, or none) — the names alone when the file has no phone
/// column. A known person keeps their values for every optional column the file does not have (a file of
/// names, phones and terms leaves subjects, emails and preferences alone); a present but empty field clears
/// the value. Rows of one person must agree on the person's details. A term is matched by person, role,
/// community or division and start date: a known term changes nothing, or gains the row's (earlier) end
/// date; a new term is checked against the seat's others like <c>POST /offices</c>. Re-importing a file
/// therefore changes nothing.
/// </summary>
public sealed partial class PeopleImport(CommunitiesDbContext db, Registry registry, TimeProvider time, ILogger<PeopleImport> logger)
{
    public static readonly string[] Columns =
    [
        "person_id", "title", "first_name_th", "last_name_th", "name_en", "phone", "email", "line_user_id", "preferred_channel", "language",
        "subject", "role", "community_code", "division_code", "start_date", "end_date",
    ];

    private static readonly string[] Required = ["first_name_th", "last_name_th"];

    private static readonly Dictionary<string, string> ColumnOfField = new()
    {
        ["title"] = "title",
        ["firstNameTh"] = "first_name_th",
        ["lastNameTh"] = "last_name_th",
        ["nameEn"] = "name_en",
        ["phone"] = "phone",
        ["email"] = "email",
        ["lineUserId"] = "line_user_id",
        ["preferredChannel"] = "preferred_channel",
        ["language"] = "language",
        ["subject"] = "subject",
        ["role"] = "role",
        ["communityId"] = "community_code",
        ["divisionId"] = "division_code",
        ["startDate"] = "start_date",
        ["endDate"] = "end_date",
    };

    private static readonly string[] TermColumns = ["community_code", "division_code", "start_date", "end_date"];

    private sealed record Parsed(CsvRow Row, PersonInput Input, Guid? PersonId, string? Role, Guid? CommunityId, Guid? DivisionId,
        DateOnly? StartDate, DateOnly? EndDate);

    /// <summary>A person as the file has them so far: who, and the row that first gave their details.</summary>
    private sealed record FilePerson(Guid Id, int Line, PersonDetails Details);

    /// <summary>Imports the file in one transaction, or refuses it and writes nothing.</summary>
    public Task<Result<ImportReport>> ImportAsync(byte[] content, ImportMode mode, CancellationToken cancellationToken) =>
        ImportRefusals.GuardAsync(db, () => ImportRowsAsync(content, mode, cancellationToken));

    /// <exception cref="CsvFileException">The file as a whole cannot be read.</exception>
    private async Task<Result<ImportReport>> ImportRowsAsync(byte[] content, ImportMode mode, CancellationToken cancellationToken)
    {
        var rows = CsvTable.Read(content, Required, Columns);
        var now = time.GetUtcNow();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var communities = await db.Communities.AsNoTracking().ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, cancellationToken);
        var divisions = await db.Divisions.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Id, StringComparer.Ordinal, cancellationToken);
        var people = await db.People.ToDictionaryAsync(p => p.Id, cancellationToken);

        var parsed = rows.Select(row => Parse(row, communities, divisions)).ToList();

        // Every seat a new term may take is locked before the terms are read (see OfficeUseCases.AssignAsync).
        foreach (var scope in parsed.Where(p => !p.Row.IsBad && p.Role is not null)
                     .Select(p => SeatScopes.Of(p.CommunityId, p.DivisionId)).Distinct().Order(StringComparer.Ordinal))
        {
            await db.LockSeatScopeAsync(scope, cancellationToken);
        }

        var terms = await db.Offices.ToListAsync(cancellationToken);
        var living = people.Values.Where(p => !p.IsErased).ToList();
        var byNaturalKey = living.ToLookup(p => NaturalKey(p.Details));
        var byNames = living.ToLookup(p => NamesKey(p.FirstNameTh, p.LastNameTh));
        var inFile = new Dictionary<Guid, FilePerson>();
        var newByKey = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var newKeys = new Dictionary<Guid, string>();
        var subjectOwners = people.Values.Where(p => p.Subject is not null).ToDictionary(p => p.Subject!, p => p.Id, StringComparer.Ordinal);
        int created = 0, updated = 0, unchanged = 0, assigned = 0, ended = 0;

        foreach (var p in parsed)
        {
            var row = p.Row;
            if (row.IsBad)
            {
                continue;
            }

            // Who the row is about: its person_id, else Thai names + phone (names alone when the file has no phone column).
            Guid personId;
            if (p.PersonId is { } givenId)
            {
                if (!people.TryGetValue(givenId, out var known))
                {
                    row.Fail("person_id", FieldError.Rule(FieldErrorCodes.UnknownReference, "No person in the registry has this id."));
                    continue;
                }

                if (known.IsErased)
                {
                    row.Fail("person_id", FieldError.Rule(FieldErrorCodes.Erased, "This person was erased."));
                    continue;
                }

                personId = givenId;
            }
            else
            {
                var withPhone = row.Has("phone");
                var names = NamesKey(p.Input.FirstNameTh, p.Input.LastNameTh);
                var key = withPhone ? $"{names}|{PhoneKey(p.Input.Phone)}" : names;
                var matches = (withPhone ? byNaturalKey[key] : byNames[key]).ToList();
                if (matches.Count > 1)
                {
                    row.Fail("person_id", FieldError.Rule(FieldErrorCodes.Ambiguous, withPhone
                        ? "Several people share these names and phone; give the person_id."
                        : "Several people share these names; give the phone or the person_id.").With("byPhone", withPhone));
                    continue;
                }

                personId = matches.Count == 1 ? matches[0].Id : newByKey.GetValueOrDefault(key, Guid.Empty);
                if (personId == Guid.Empty)
                {
                    personId = Guid.CreateVersion7(now);
                    newKeys[personId] = key;
                }
            }

            // Columns the file does not have keep a known person's values.
            var input = people.TryGetValue(personId, out var knownPerson) ? Merge(p.Input, knownPerson, row) : p.Input;
            var personErrors = input.Validate(out var validated);
            if (personErrors.Count > 0)
            {
                RowErrors.AddAll(row, personErrors, ColumnOfField);
                continue;
            }

            var details = validated!;
            if (inFile.TryGetValue(personId, out var earlier) && earlier.Details != details)
            {
                row.Fail("", FieldError.Rule(FieldErrorCodes.DiffersFromLine,
                    $"The person's details differ from line {earlier.Line}: give them the same way on every row of the person.").With("line", earlier.Line));
                continue;
            }

            if (details.Subject is { } subject && subjectOwners.TryGetValue(subject, out var owner) && owner != personId)
            {
                row.Fail("subject", FieldError.Rule(FieldErrorCodes.Taken, "Another person already carries this sign-in subject."));
                continue;
            }

            // What the row does to the person's terms.
            Office? termToEnd = null;
            OfficeProposal? proposal = null;
            if (p.Role is { } role)
            {
                var match = terms.FirstOrDefault(t => t.PersonId == personId && t.Role == role && t.CommunityId == p.CommunityId
                    && t.DivisionId == p.DivisionId && t.StartDate == p.StartDate);
                if (match is not null)
                {
                    if (match.EndDate != p.EndDate)
                    {
                        if (p.EndDate is null)
                        {
                            row.Fail("end_date", FieldError.Rule(FieldErrorCodes.TermEnded,
                                $"This term already ended on {CalendarDates.Iso(match.EndDate!.Value)}; a term is not reopened.").With("endDate", CalendarDates.Iso(match.EndDate!.Value)));
                            continue;
                        }

                        if (match.EndDate is { } current && p.EndDate > current)
                        {
                            row.Fail("end_date", FieldError.Rule(FieldErrorCodes.TermNotExtended,
                                $"This term already ends on {CalendarDates.Iso(current)}; a term is not extended.").With("endDate", CalendarDates.Iso(current)));
                            continue;
                        }

                        termToEnd = match;
                    }
                }
                else
                {
                    proposal = new OfficeProposal(personId, role, p.CommunityId, p.DivisionId, p.StartDate!.Value, p.EndDate);
                    if (Seats.FindClash(terms, proposal) is { } clash)
                    {
                        // Every term's holder is known here: a person of the registry, or one this file registered above.
                        var holder = people[clash.PersonId].DisplayName;
                        var until = clash.EndDate is { } e ? CalendarDates.Iso(e) : "open-ended";
                        row.Fail("role", FieldError.Rule(FieldErrorCodes.OfficeClash, $"The term clashes with {holder}'s {clash.Role} term {CalendarDates.Iso(clash.StartDate)} – {until}.")
                            .With("holder", holder).With("role", clash.Role).With("startDate", CalendarDates.Iso(clash.StartDate))
                            .With("endDate", clash.EndDate is { } end ? CalendarDates.Iso(end) : null));
                        continue;
                    }
                }
            }

            // The row is good: apply it, so the rows after it see it.
            var changed = false;
            if (!inFile.ContainsKey(personId))
            {
                if (people.TryGetValue(personId, out var person))
                {
                    if (registry.ChangePerson(person, details))
                    {
                        updated++;
                        changed = true;
                    }
                }
                else
                {
                    var registered = registry.RegisterPerson(details, personId);
                    people[personId] = registered;
                    newByKey[newKeys[personId]] = personId;
                    created++;
                    changed = true;
                }

                inFile[personId] = new FilePerson(personId, row.Line, details);
                if (details.Subject is { } s)
                {
                    subjectOwners[s] = personId;
                }
            }

            if (termToEnd is not null && registry.EndOffice(termToEnd, p.EndDate!.Value) == EndOutcome.Ended)
            {
                ended++;
                changed = true;
            }

            if (proposal is not null)
            {
                terms.Add(registry.AssignOffice(proposal));
                assigned++;
                changed = true;
            }

            if (!changed)
            {
                unchanged++;
            }
        }

        var bad = rows.Where(r => r.IsBad).Select(r => RowProblem.Of(r)).ToList();
        if (bad.Count > 0 && mode == ImportMode.AllOrNothing)
        {
            // Nothing is saved: the changes above stay in this unit of work, which is thrown away.
            LogRefused(rows.Count, bad.Count);
            return ImportRefusals.BadRows(rows.Count, bad);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogImported(rows.Count, created, updated, assigned, ended, bad.Count);
        return new ImportReport("people", ImportModes.CodeOf(mode), rows.Count,
            created, updated, unchanged, assigned, ended, bad);
    }

    /// <summary>Thai first name, Thai last name and phone: how a row without person_id finds its person.</summary>
    public static string NaturalKey(PersonDetails details) => $"{NamesKey(details.FirstNameTh, details.LastNameTh)}|{details.Phone?.E164}";

    private static string NamesKey(string? first, string? last) => $"{first?.Trim()}|{last?.Trim()}";

    private static string PhoneKey(string? phone) =>
        ThaiPhoneNumber.TryParse(phone, out var number, out _) ? number.E164 : "";

    /// <summary>The row's person with the known person's values for every optional column the file does not have.</summary>
    private static PersonInput Merge(PersonInput input, Person known, CsvRow row) => input with
    {
        Title = row.Has("title") ? input.Title : known.Title,
        NameEn = row.Has("name_en") ? input.NameEn : known.NameEn,
        Phone = row.Has("phone") ? input.Phone : known.PhoneE164,
        Email = row.Has("email") ? input.Email : known.Email,
        LineUserId = row.Has("line_user_id") ? input.LineUserId : known.LineUserId,
        PreferredChannel = row.Has("preferred_channel") ? input.PreferredChannel : ContactCodes.Of(known.PreferredChannel),
        Language = row.Has("language") ? input.Language : ContactCodes.Of(known.Language),
        Subject = row.Has("subject") ? input.Subject : known.Subject,
    };

    private static Parsed Parse(CsvRow row, Dictionary<string, Community> communities, Dictionary<string, Guid> divisions)
    {
        var personId = row.Guid("person_id");
        var input = new PersonInput
        {
            Title = row.Text("title"),
            FirstNameTh = row.Text("first_name_th"),
            LastNameTh = row.Text("last_name_th"),
            NameEn = row.Text("name_en"),
            Phone = row.Text("phone"),
            Email = row.Text("email"),
            LineUserId = row.Text("line_user_id"),
            PreferredChannel = row.Text("preferred_channel"),
            Language = row.Text("language"),
            Subject = row.Text("subject"),
        };
        var personErrors = input.Validate(out _);
        if (!(row.Has("email") && row.Has("line_user_id") && row.Has("phone")))
        {
            // A known person's missing contact columns are filled in later; the channel is checked against them then.
            personErrors.Remove("preferredChannel");
        }

        RowErrors.AddAll(row, personErrors, ColumnOfField);

        var role = row.Text("role");
        var start = row.Date("start_date");
        var end = row.Date("end_date");
        Guid? communityId = null, divisionId = null;
        if (role is null)
        {
            if (TermColumns.Any(c => row.Text(c) is not null))
            {
                row.Fail("role", FieldError.Required("Give the role of the term, or leave the term's columns empty."));
            }

            return new Parsed(row, input, personId, null, null, null, null, null);
        }

        if (row.Text("community_code")?.ToUpperInvariant() is { } communityCode)
        {
            if (!communities.TryGetValue(communityCode, out var community))
            {
                row.Fail("community_code", FieldError.Rule(FieldErrorCodes.UnknownReference, $"No community has the code {communityCode}.").With("value", communityCode));
            }
            else if (community.Status != CommunityStatus.Active)
            {
                row.Fail("community_code", FieldError.Rule(FieldErrorCodes.CommunityNotActive,
                    $"{communityCode} is {CommunityInput.CodeOf(community.Status)} and takes no new terms.").With("status", CommunityInput.CodeOf(community.Status)));
            }
            else
            {
                communityId = community.Id;
            }
        }

        if (row.Text("division_code")?.ToLowerInvariant() is { } divisionCode)
        {
            if (divisions.TryGetValue(divisionCode, out var id))
            {
                divisionId = id;
            }
            else
            {
                row.Fail("division_code", FieldError.Rule(FieldErrorCodes.UnknownReference, $"No division has the code {divisionCode}.").With("value", divisionCode));
            }
        }

        var termErrors = OfficeProposal.Validate(role, communityId, divisionId, start, end);
        RowErrors.AddAll(row, termErrors, ColumnOfField);
        return new Parsed(row, input, personId, role, communityId, divisionId, start, end);
    }

    [LoggerMessage(LogLevel.Information, "People import refused: {Bad} of {Rows} rows are bad; nothing written.")]
    private partial void LogRefused(int rows, int bad);

    [LoggerMessage(LogLevel.Information,
        "People import of {Rows} rows: {Created} people registered, {Updated} changed, {Assigned} terms assigned, {Ended} ended, {Skipped} rows skipped.")]
    private partial void LogImported(int rows, int created, int updated, int assigned, int ended, int skipped);
}
