using CsvHelper;
using CsvHelper.Configuration;
using Municipal.ServiceDefaults.Problems;
using System.Globalization;
using System.Text;

namespace Municipal.Communities.Application.Csv;

/// <summary>One data row of a CSV file: its line number in the file (the header is line 1) and its fields by column.</summary>
public sealed class CsvRow(int line, IReadOnlyDictionary<string, string> fields)
{
    private readonly List<string> _errors = [];
    private readonly List<RowCode> _codes = [];

    public int Line { get; } = line;

    public IReadOnlyList<string> Errors => _errors;

    /// <summary>The same reasons, coded for a client to say in its own language.</summary>
    public IReadOnlyList<RowCode> Codes => _codes;

    public bool IsBad => _errors.Count > 0;

    /// <summary>What is wrong with one column of the row (or, with an empty column, the row as a whole).</summary>
    public void Fail(string column, FieldError error)
    {
        _errors.Add(column.Length == 0 ? error.Message : $"{column}: {error.Message}");
        _codes.Add(RowCode.Of(column, error));
    }

    public bool Failed(string column) => _codes.Any(c => c.Column == column);

    /// <summary>The field's text, or null when the column is absent or the field empty.</summary>
    public string? Text(string column) => fields.TryGetValue(column, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public bool Has(string column) => fields.ContainsKey(column);

    public int? Int(string column)
    {
        var text = Text(column);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Fail(column, FieldError.BadFormat(FieldFormats.WholeNumber, $"'{text}' is not a whole number."));
        return null;
    }

    public double? Double(string column)
    {
        var text = Text(column);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        Fail(column, FieldError.BadFormat(FieldFormats.Number, $"'{text}' is not a number (use a dot for decimals)."));
        return null;
    }

    public DateOnly? Date(string column)
    {
        var text = Text(column);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return value;
        }

        Fail(column, FieldError.BadFormat(FieldFormats.Date, $"'{text}' is not a date written yyyy-MM-dd."));
        return null;
    }

    public Guid? Guid(string column)
    {
        var text = Text(column);
        if (text is null)
        {
            return null;
        }

        if (System.Guid.TryParse(text, out var value))
        {
            return value;
        }

        Fail(column, FieldError.BadFormat(FieldFormats.Id, $"'{text}' is not an id."));
        return null;
    }
}

/// <summary>Why a whole file was refused before any row was looked at.</summary>
public sealed class CsvFileException(string message) : Exception(message);

/// <summary>Reads an uploaded CSV file: strict UTF-8 (a BOM is fine), a header naming known columns, then the rows.</summary>
public static class CsvTable
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxRows = 5000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The columns files are written with and read by; an export starts with this header.</summary>
    public static CsvConfiguration Configuration => new(CultureInfo.InvariantCulture)
    {
        TrimOptions = TrimOptions.None,
        IgnoreBlankLines = true,
        DetectColumnCountChanges = false,
    };

    public static List<CsvRow> Read(byte[] content, IReadOnlyCollection<string> required, IReadOnlyCollection<string> known)
    {
        if (content.Length > MaxBytes)
        {
            throw new CsvFileException($"The file is larger than {MaxBytes / 1024 / 1024} MB; split it.");
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            throw new CsvFileException("The file is not UTF-8 text. Save it as \"CSV UTF-8\" and try again.");
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var badData = false;
        var configuration = Configuration;
        configuration.BadDataFound = _ => badData = true;
        using var parser = new CsvParser(new StringReader(text), configuration);
        if (!parser.Read())
        {
            throw new CsvFileException("The file is empty: the first line names the columns.");
        }

        var header = parser.Record!.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var duplicates = header.GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new CsvFileException($"The header names a column twice: {string.Join(", ", duplicates)}.");
        }

        var unknown = header.Where(h => !known.Contains(h)).ToList();
        if (unknown.Count > 0)
        {
            throw new CsvFileException($"Unknown column(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", known)}.");
        }

        var missing = required.Where(r => !header.Contains(r)).ToList();
        if (missing.Count > 0)
        {
            throw new CsvFileException($"Missing column(s): {string.Join(", ", missing)}.");
        }

        var rows = new List<CsvRow>();
        while (true)
        {
            badData = false;
            bool more;
            try
            {
                more = parser.Read();
            }
            catch (CsvHelperException)
            {
                throw new CsvFileException($"The file cannot be read as CSV after line {parser.RawRow}.");
            }

            if (!more)
            {
                break;
            }

            if (rows.Count == MaxRows)
            {
                throw new CsvFileException($"The file has more than {MaxRows} rows; split it.");
            }

            var record = parser.Record!;
            // The line the record starts on: a quoted field may span lines.
            var line = parser.RawRow - parser.RawRecord.TrimEnd('\r', '\n').Count(c => c == '\n');
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < Math.Min(record.Length, header.Length); i++)
            {
                fields[header[i]] = record[i];
            }

            var row = new CsvRow(line, fields);
            if (badData)
            {
                row.Fail("", FieldError.Rule(FieldErrorCodes.StrayQuote, "A quote (\") appears inside a field that is not itself in quotes."));
            }

            if (record.Length != header.Length)
            {
                row.Fail("", FieldError.Rule(FieldErrorCodes.FieldCount, $"The row has {record.Length} fields; the header has {header.Length}.")
                    .With("count", record.Length).With("expected", header.Length));
            }

            rows.Add(row);
        }

        return rows;
    }
}
