using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Municipal.ThaiCalendar;

/// <summary>
/// Writes every instant in Bangkok time with its offset (<c>2026-11-20T09:30:00+07:00</c>), as people read times in
/// the municipality; reads any ISO 8601 instant. The instant is the same either way: only how it is written changes.
/// </summary>
public sealed class BangkokTimeJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(BangkokTime.ToLocal(value).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
}
