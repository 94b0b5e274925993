using Municipal.Contracts;
using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Municipal.Messaging;

/// <summary>The message contracts, found by their full type name, and how they are stored as JSON.</summary>
public static class MessageTypes
{
    private static readonly FrozenDictionary<string, Type> ByName = typeof(RequestSubmitted).Assembly
        .GetExportedTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.Namespace == typeof(RequestSubmitted).Namespace)
        .ToFrozenDictionary(t => t.FullName!, StringComparer.Ordinal);

    /// <summary>How outbox rows store events: the same shape MassTransit puts on the wire (camelCase JSON).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static IEnumerable<Type> All => ByName.Values;

    public static string NameOf(Type type)
    {
        if (!ByName.ContainsKey(type.FullName ?? ""))
        {
            throw new ArgumentException($"{type} is not a message contract: events must be records in Municipal.Contracts.", nameof(type));
        }

        return type.FullName!;
    }

    public static Type Resolve(string name) =>
        ByName.TryGetValue(name, out var type)
            ? type
            : throw new InvalidOperationException($"Unknown message type '{name}': is this service older than the event's publisher?");
}
