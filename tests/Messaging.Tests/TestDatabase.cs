using MassTransit;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Messaging.Persistence;

namespace Municipal.Messaging.Tests;

/// <summary>A stand-in for a service's change: something with a unique name.</summary>
public sealed class Widget
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Name { get; set; }

    /// <summary>The trace the handler ran in.</summary>
    public string? TraceId { get; set; }
}

public sealed class WidgetsDbContext(DbContextOptions<WidgetsDbContext> options) : ServiceDbContext(options)
{
    public DbSet<Widget> Widgets => Set<Widget>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Widget>().HasIndex(w => w.Name).IsUnique();
    }
}

/// <summary>A consumer whose effect is a widget named after the request: a second effect would be a second row.</summary>
public sealed class RecordingConsumer(WidgetsDbContext db, TimeProvider time)
    : IdempotentConsumer<RequestSubmitted, WidgetsDbContext>(db, time)
{
    public const string PoisonTitle = "poison";

    protected override Task HandleAsync(ConsumeContext<RequestSubmitted> context, CancellationToken cancellationToken)
    {
        if (context.Message.Title == PoisonTitle)
        {
            throw new InvalidDataException("This message always fails.");
        }

        Db.Widgets.Add(new Widget { Name = $"{context.Message.Number}#{Guid.NewGuid():N}", TraceId = System.Diagnostics.Activity.Current?.TraceId.ToString() });
        return Task.CompletedTask;
    }
}

/// <summary>An erasure that says so (<c>ErasesPersonalData</c>): deletes the widget named after the person's subject.</summary>
public sealed class SubjectErasingConsumer(WidgetsDbContext db, TimeProvider time)
    : IdempotentConsumer<PersonErased, WidgetsDbContext>(db, time)
{
    protected override bool ErasesPersonalData => true;

    protected override async Task HandleAsync(ConsumeContext<PersonErased> context, CancellationToken cancellationToken) =>
        await Db.Widgets.Where(w => w.Name == context.Message.Subject).ExecuteDeleteAsync(cancellationToken);
}

public static class Events
{
    public static RequestSubmitted Submitted(int n, string title = "test") => new()
    {
        RequestId = Guid.NewGuid(),
        Number = $"R-{n:D5}",
        CommunityId = Guid.NewGuid(),
        Category = "drainage",
        Title = title,
        Channel = "web",
        SubmittedAt = DateTimeOffset.UtcNow,
    };
}
