using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Domain;
using Municipal.Communities.Infrastructure;
using Municipal.Edge;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Communities.Application.Csv;

/// <summary>
/// Imports communities from CSV, matched by code: a new code registers a community, a known code whose
/// details differ changes it, a known code with the same details changes nothing (so re-importing a file
/// is a no-op). An empty or absent status keeps a known community's status (a new one is active).
/// </summary>
public sealed partial class CommunityImport(CommunitiesDbContext db, Registry registry, TimeProvider time, ILogger<CommunityImport> logger)
{
    public static readonly string[] Columns =
        ["code", "name_th", "name_en", "zone", "households", "population", "latitude", "longitude", "status", "status_date", "merged_into"];

    private static readonly string[] Required = ["code", "name_th"];

    private static readonly Dictionary<string, string> ColumnOfField = new()
    {
        ["code"] = "code",
        ["nameTh"] = "name_th",
        ["nameEn"] = "name_en",
        ["zone"] = "zone",
        ["households"] = "households",
        ["population"] = "population",
        ["location"] = "latitude/longitude",
        ["status"] = "status",
        ["statusDate"] = "status_date",
        ["mergedInto"] = "merged_into",
    };

    private sealed record Plan(CsvRow Row, string Code, CommunityDetails? Details, string? MergedIntoCode);

    /// <summary>Imports the file in one transaction, or refuses it and writes nothing.</summary>
    public Task<Result<ImportReport>> ImportAsync(byte[] content, ImportMode mode, CancellationToken cancellationToken) =>
        ImportRefusals.GuardAsync(db, () => ImportRowsAsync(content, mode, cancellationToken));

    /// <exception cref="CsvFileException">The file as a whole cannot be read.</exception>
    private async Task<Result<ImportReport>> ImportRowsAsync(byte[] content, ImportMode mode, CancellationToken cancellationToken)
    {
        var rows = CsvTable.Read(content, Required, Columns);
        var now = time.GetUtcNow();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = await db.Communities.ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, cancellationToken);

        // Pass 1: every code in the file, so merged_into may name a community that arrives in the same file.
        var lineOfCode = new Dictionary<string, int>(StringComparer.Ordinal);
        var newIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var code = row.Text("code")?.ToUpperInvariant();
            if (code is null)
            {
                continue;
            }

            if (lineOfCode.TryGetValue(code, out var first))
            {
                row.Fail("code", FieldError.Rule(FieldErrorCodes.DuplicateRow, $"{code} is already on line {first}.").With("line", first));
                continue;
            }

            lineOfCode[code] = row.Line;
            if (!existing.ContainsKey(code))
            {
                newIds[code] = Guid.CreateVersion7(now);
            }
        }

        // Pass 2: each row on its own.
        var plans = new List<Plan>();
        foreach (var row in rows)
        {
            plans.Add(Validate(row, existing, newIds));
        }

        // A good row may not point at a community whose own row is bad (it would not exist).
        bool dropped;
        do
        {
            dropped = false;
            var badNewCodes = plans.Where(p => p.Row.IsBad && newIds.ContainsKey(p.Code) && lineOfCode[p.Code] == p.Row.Line)
                .Select(p => p.Code).ToHashSet();
            foreach (var plan in plans.Where(p => !p.Row.IsBad && p.MergedIntoCode is not null && badNewCodes.Contains(p.MergedIntoCode)))
            {
                plan.Row.Fail("merged_into", FieldError.Rule(FieldErrorCodes.DependsOnBadRow, $"The row of {plan.MergedIntoCode} is bad, so it is not imported.")
                    .With("value", plan.MergedIntoCode));
                dropped = true;
            }
        }
        while (dropped);

        var bad = rows.Where(r => r.IsBad).Select(r => RowProblem.Of(r)).ToList();
        if (bad.Count > 0 && mode == ImportMode.AllOrNothing)
        {
            LogRefused(rows.Count, bad.Count);
            return ImportRefusals.BadRows(rows.Count, bad);
        }

        int created = 0, updated = 0, unchanged = 0;
        foreach (var plan in plans.Where(p => !p.Row.IsBad))
        {
            if (existing.TryGetValue(plan.Code, out var community))
            {
                if (registry.ChangeCommunity(community, plan.Details!))
                {
                    updated++;
                }
                else
                {
                    unchanged++;
                }
            }
            else
            {
                registry.RegisterCommunity(plan.Details!, newIds[plan.Code]);
                created++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogImported(rows.Count, created, updated, unchanged, bad.Count);
        Count(created, updated, unchanged, bad.Count);
        return new ImportReport("communities", ImportModes.CodeOf(mode), rows.Count,
            created, updated, unchanged, 0, 0, bad);
    }

    private static Plan Validate(CsvRow row, Dictionary<string, Community> existing, Dictionary<string, Guid> newIds)
    {
        var code = row.Text("code")?.ToUpperInvariant() ?? "";
        existing.TryGetValue(code, out var known);
        var input = new CommunityInput
        {
            Code = code,
            NameTh = row.Text("name_th"),
            NameEn = row.Text("name_en"),
            Zone = row.Text("zone"),
            Households = row.Int("households"),
            Population = row.Int("population"),
            Latitude = row.Double("latitude"),
            Longitude = row.Double("longitude"),
        };

        var mergedIntoCode = row.Text("merged_into")?.ToUpperInvariant();
        if (row.Text("status") is null && known is not null)
        {
            // The row does not speak about status: the community keeps the one it has.
            input = input with { Status = CommunityInput.CodeOf(known.Status), StatusDate = known.StatusDate, MergedInto = known.MergedInto };
            if (mergedIntoCode is not null)
            {
                row.Fail("merged_into", FieldError.Rule(FieldErrorCodes.NotForStatus, "Give the status merged with it.").With("status", CommunityInput.CodeOf(known.Status)));
            }
        }
        else
        {
            Guid? mergedInto = null;
            if (mergedIntoCode is not null)
            {
                if (mergedIntoCode == code)
                {
                    row.Fail("merged_into", FieldError.Rule(FieldErrorCodes.NotForStatus, "A community cannot be merged into itself.").With("status", "merged"));
                }
                else if (existing.TryGetValue(mergedIntoCode, out var target))
                {
                    mergedInto = target.Id;
                }
                else if (newIds.TryGetValue(mergedIntoCode, out var newTarget))
                {
                    mergedInto = newTarget;
                }
                else
                {
                    row.Fail("merged_into", FieldError.Rule(FieldErrorCodes.UnknownReference, $"No community has the code {mergedIntoCode}.").With("value", mergedIntoCode));
                }
            }

            input = input with { Status = row.Text("status"), StatusDate = row.Date("status_date"), MergedInto = mergedInto };
        }

        var errors = input.Validate(out var details);
        if (row.Failed("merged_into"))
        {
            errors.Remove("mergedInto");
        }

        RowErrors.AddAll(row, errors, ColumnOfField);
        return new Plan(row, code, row.IsBad ? null : details, mergedIntoCode);
    }

    private static void Count(int created, int updated, int unchanged, int skipped)
    {
        foreach (var (outcome, n) in new[] { ("created", created), ("updated", updated), ("unchanged", unchanged), ("skipped", skipped) })
        {
            if (n > 0)
            {
                CommunitiesTelemetry.ImportedRows.Add(n, new("kind", "communities"), new("outcome", outcome));
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Community import refused: {Bad} of {Rows} rows are bad; nothing written.")]
    private partial void LogRefused(int rows, int bad);

    [LoggerMessage(LogLevel.Information, "Community import of {Rows} rows: {Created} created, {Updated} updated, {Unchanged} unchanged, {Skipped} skipped.")]
    private partial void LogImported(int rows, int created, int updated, int unchanged, int skipped);
}
