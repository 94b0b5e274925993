using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Infrastructure;
using Municipal.Edge;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Communities.Application.Csv;

/// <summary>What to do with a file that has bad rows.</summary>
public enum ImportMode
{
    /// <summary>The default: one bad row and nothing is written.</summary>
    AllOrNothing,

    /// <summary>Write the good rows, skip (and list) the bad ones.</summary>
    GoodRowsOnly,
}

public static class ImportModes
{
    public const string AllOrNothing = "all-or-nothing";
    public const string GoodRowsOnly = "good-rows-only";

    public static bool TryParse(string? text, out ImportMode mode)
    {
        mode = ImportMode.AllOrNothing;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or AllOrNothing:
                return true;
            case GoodRowsOnly:
                mode = ImportMode.GoodRowsOnly;
                return true;
            default:
                return false;
        }
    }

    public static string CodeOf(ImportMode mode) => mode == ImportMode.GoodRowsOnly ? GoodRowsOnly : AllOrNothing;
}

/// <summary>A bad row: its line in the file (the header is line 1) and every reason.</summary>
public sealed record RowProblem(int Line, IReadOnlyList<string> Errors, IReadOnlyList<RowCode> Codes)
{
    public static RowProblem Of(CsvRow row) => new(row.Line, row.Errors, row.Codes);
}

/// <summary>
/// One reason a row is bad, coded: the file's <see cref="Column"/> (empty for the row as a whole) and what a
/// <c>errorCodes</c> entry carries (<c>code</c> and its values), for a client to say in its own language.
/// </summary>
public sealed record RowCode(string Column, string Code, IReadOnlyDictionary<string, object?> Args)
{
    public static RowCode Of(string column, FieldError error) => new(column, error.Code, error.Args);
}

/// <summary>What an import did. <see cref="Skipped"/> lists the bad rows left out in good-rows-only mode.</summary>
public sealed record ImportReport(
    string Kind, string Mode, int Rows, int Created, int Updated, int Unchanged, int OfficesAssigned, int OfficesEnded,
    IReadOnlyList<RowProblem> Skipped);

/// <summary>How an import refuses, the same for every kind of file.</summary>
public static class ImportRefusals
{
    /// <summary>All or nothing, and some rows are bad: nothing was written. Extension <c>rows</c> lists each bad row.</summary>
    public static Refusal BadRows(int rows, IReadOnlyList<RowProblem> bad) => Refusal.Of(CommunitiesProblems.ImportBadRows,
            detail: $"{bad.Count} of {rows} rows are bad (lines {string.Join(", ", bad.Select(r => r.Line))}). " +
                $"Correct them and import the file again, or import the good rows only with mode={ImportModes.GoodRowsOnly}.")
        .With("rows", bad);

    /// <summary>Runs an import; a file that cannot be read is a 400 naming <c>file</c>, a change racing the import a refusal that wrote nothing.</summary>
    public static async Task<Result<ImportReport>> GuardAsync(CommunitiesDbContext db, Func<Task<Result<ImportReport>>> import)
    {
        try
        {
            return await import();
        }
        catch (CsvFileException ex)
        {
            return Refusal.Invalid("file", FieldError.BadFormat(FieldFormats.Text, ex.Message), "The file cannot be imported.");
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Refusal.Of(CommunitiesProblems.ImportRaced,
                detail: "Someone changed the same records meanwhile; nothing was imported. Import the file again.");
        }
    }
}

internal static class RowErrors
{
    /// <summary>Adds validation errors to the row under the file's column names, unless that column already failed to parse.</summary>
    public static void AddAll(CsvRow row, Dictionary<string, FieldError[]> errors, IReadOnlyDictionary<string, string> columnOfField)
    {
        foreach (var (field, messages) in errors)
        {
            var column = columnOfField.TryGetValue(field, out var c) ? c : field;
            if (row.Failed(column))
            {
                continue;
            }

            foreach (var error in messages)
            {
                row.Fail(column, error);
            }
        }
    }
}
