using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Domain;
using Municipal.Communities.Infrastructure;
using Municipal.Edge;
using System.Globalization;
using System.Text;

namespace Municipal.Communities.Application.Csv;

/// <summary>
/// Writes the registry as CSV in the shapes the imports read, so an exported file, edited or not, can be
/// imported again. UTF-8 with a byte order mark, so that spreadsheet programs show Thai correctly; phones
/// as people write them (081-234-5678), which spreadsheets keep as text.
/// </summary>
public sealed class Exports(CommunitiesDbContext db, OfficeReader reader)
{
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    public async Task<byte[]> CommunitiesAsync(CancellationToken cancellationToken)
    {
        var communities = await db.Communities.AsNoTracking().OrderBy(c => c.Code).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var codes = communities.ToDictionary(c => c.Id, c => c.Code);
        return Write(CommunityImport.Columns, communities.Select(c => new[]
        {
            c.Code, c.NameTh, c.NameEn, c.Zone, Number(c.Households), Number(c.Population), Number(c.Latitude), Number(c.Longitude),
            CommunityInput.CodeOf(c.Status), c.StatusDate is { } d ? CalendarDates.Iso(d) : null,
            c.MergedInto is { } m ? codes[m] : null,
        }));
    }

    /// <summary>Every person not erased, one row per term (or one row without a term); each person's contact read is logged.</summary>
    public async Task<byte[]> PeopleAsync(Caller exporter, CancellationToken cancellationToken)
    {
        var people = await db.People.AsNoTracking().Where(p => p.ErasedAt == null)
            .OrderBy(p => p.LastNameTh).ThenBy(p => p.FirstNameTh).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        var terms = (await db.Offices.AsNoTracking().ToListAsync(cancellationToken))
            .ToLookup(o => o.PersonId);
        var communityCodes = await db.Communities.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, cancellationToken);
        var divisionCodes = await db.Divisions.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Code, cancellationToken);

        await reader.RecordReadsAsync(exporter, people, "export", cancellationToken);

        var rows = new List<string?[]>();
        foreach (var person in people)
        {
            string?[] PersonFields() =>
            [
                person.Id.ToString(), person.Title, person.FirstNameTh, person.LastNameTh, person.NameEn, person.Phone?.Display, person.Email,
                person.LineUserId, ContactCodes.Of(person.PreferredChannel), ContactCodes.Of(person.Language), person.Subject,
            ];

            var personsTerms = terms[person.Id].OrderBy(o => o.StartDate).ThenBy(o => o.Id).ToList();
            if (personsTerms.Count == 0)
            {
                rows.Add([.. PersonFields(), null, null, null, null, null]);
            }

            foreach (var term in personsTerms)
            {
                rows.Add(
                [
                    .. PersonFields(), term.Role,
                    term.CommunityId is { } c ? communityCodes[c] : null,
                    term.DivisionId is { } d ? divisionCodes[d] : null,
                    CalendarDates.Iso(term.StartDate),
                    term.EndDate is { } end ? CalendarDates.Iso(end) : null,
                ]);
            }
        }

        return Write(PeopleImport.Columns, rows);
    }

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    private static byte[] Write(IReadOnlyList<string> header, IEnumerable<string?[]> rows)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, Utf8WithBom, leaveOpen: true))
        using (var csv = new CsvWriter(writer, CsvTable.Configuration))
        {
            foreach (var column in header)
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            foreach (var row in rows)
            {
                foreach (var field in row)
                {
                    csv.WriteField(field ?? "");
                }

                csv.NextRecord();
            }
        }

        return stream.ToArray();
    }
}
