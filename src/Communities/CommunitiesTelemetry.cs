using System.Diagnostics.Metrics;

namespace Municipal.Communities;

/// <summary>The registry's metrics, for the Aspire dashboard. Tags carry codes only, never personal data.</summary>
public static class CommunitiesTelemetry
{
    public const string Name = "Municipal.Communities";

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> ContactReads = Meter.CreateCounter<long>(
        "municipal.communities.contact_reads", "{read}", "Reads of a person's contact details by someone else, each one in the access log.");

    public static readonly Counter<long> ImportedRows = Meter.CreateCounter<long>(
        "municipal.communities.imported_rows", "{row}", "CSV rows imported, by file kind and outcome.");

    public static readonly Counter<long> TermEndingAnnounced = Meter.CreateCounter<long>(
        "municipal.communities.term_ending", "{office}", "Terms announced as ending within 30 days.");
}
