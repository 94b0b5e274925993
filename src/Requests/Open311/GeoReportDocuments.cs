using Municipal.Requests.Application;
using Municipal.Requests.Domain;

namespace Municipal.Requests.Open311;

/// <summary>A service request as the public may see it through Open311: no submitter, phones and e-mails masked.</summary>
/// <summary>The GeoReport v2 documents, element for element as the spec names them.</summary>
public static class GeoReportDocuments
{
    public const string Specification = "http://wiki.open311.org/GeoReport_v2";

    public const string CommunityAttribute = "community";

    public static GeoObject Discovery(Open311Options options, string endpointUrl, DateTimeOffset changeset) => new("discovery",
    [
        new GeoValue("changeset", changeset),
        new GeoValue("contact", options.Contact),
        new GeoValue("key_service", options.KeyService),
        new GeoList("endpoints",
        [
            new GeoObject("endpoint",
            [
                new GeoValue("specification", Specification),
                new GeoValue("url", endpointUrl),
                new GeoValue("changeset", changeset),
                new GeoValue("type", "production"),
                new GeoList("formats", [new GeoValue("format", "text/xml"), new GeoValue("format", "application/json")]),
            ]),
        ]),
    ]);

    public static GeoList Services(IEnumerable<RequestCategory> categories, IReadOnlyDictionary<string, Division> divisions, bool english) => new("services",
        categories.Select(c => (GeoNode)new GeoObject("service",
        [
            new GeoValue("service_code", c.Code),
            new GeoValue("service_name", english ? c.NameEn : c.NameTh),
            new GeoValue("description", Describe(c, divisions.GetValueOrDefault(c.DivisionCode), english)),
            // true: clients fetch the definition and can offer the community list (optional; the nearest community is taken otherwise).
            new GeoValue("metadata", true),
            new GeoValue("type", "realtime"),
            new GeoValue("keywords", string.Join(", ", new[] { c.NameTh, c.NameEn, c.Code }.Distinct())),
            new GeoValue("group", c.DivisionCode),
        ])).ToList());

    public static GeoObject ServiceDefinition(RequestCategory category, IEnumerable<Community> communities, bool english) => new("service_definition",
    [
        new GeoValue("service_code", category.Code),
        new GeoList("attributes",
        [
            new GeoObject("attribute",
            [
                new GeoValue("variable", true),
                new GeoValue("code", CommunityAttribute),
                new GeoValue("datatype", "singlevaluelist"),
                new GeoValue("required", false),
                new GeoValue("datatype_description", english
                    ? "The community the problem is in. Without it, the community nearest to lat/long is taken."
                    : "ชุมชนที่พบปัญหา หากไม่ระบุ ระบบจะใช้ชุมชนที่ใกล้พิกัดที่สุด"),
                new GeoValue("order", 1),
                new GeoValue("description", english ? "Community" : "ชุมชน"),
                // Keyed by the registry's id (the community's identity across services); the code goes in the name.
                new GeoList("values", communities.Where(c => c.IsActive).OrderBy(c => c.Code, StringComparer.Ordinal)
                    .Select(c => (GeoNode)new GeoObject("value",
                    [
                        new GeoValue("key", c.Id.ToString()),
                        new GeoValue("name", $"{(english && c.NameEn is { Length: > 0 } en ? en : c.NameTh)} ({c.Code})"),
                    ])).ToList()),
            ]),
        ]),
    ]);

    public static GeoList Created(ServiceRequest request, string serviceNotice) => new("service_requests",
    [
        new GeoObject("request",
        [
            new GeoValue("service_request_id", request.Number),
            new GeoValue("service_notice", serviceNotice),
            new GeoValue("account_id", null),
        ]),
    ]);

    public static GeoList Token(string serviceRequestId, string token) => new("service_requests",
    [
        new GeoObject("request",
        [
            new GeoValue("service_request_id", serviceRequestId),
            new GeoValue("token", token),
        ]),
    ]);

    public static GeoList Requests(IEnumerable<Open311Request> requests) => new("service_requests",
        requests.Select(x =>
        {
            var r = x.Request;
            return (GeoNode)new GeoObject("request",
            [
                new GeoValue("service_request_id", r.Number),
                new GeoValue("status", r.Status.ToOpen311()),
                new GeoValue("status_notes", PersonalData.MaskOrNull(r.StatusNote)),
                new GeoValue("service_name", x.ServiceName),
                new GeoValue("service_code", r.Category),
                new GeoValue("description", PersonalData.Mask(r.Description)),
                new GeoValue("agency_responsible", x.Agency),
                new GeoValue("service_notice", null),
                new GeoValue("requested_datetime", r.SubmittedAt),
                new GeoValue("updated_datetime", r.UpdatedAt),
                new GeoValue("expected_datetime", RequestStatuses.UnderDivision.Contains(r.Status) ? r.ResolutionDueAt : null),
                new GeoValue("address", PersonalData.MaskOrNull(r.AddressText)),
                new GeoValue("address_id", null),
                new GeoValue("zipcode", null),
                new GeoValue("lat", r.Latitude),
                new GeoValue("long", r.Longitude),
                new GeoValue("media_url", r.MediaLinks.OrderBy(m => m.Number).Select(m => m.Url).FirstOrDefault()),
            ]);
        }).ToList());

    public static GeoList Errors(params (int Code, string Description)[] errors) => new("errors",
        errors.Select(e => (GeoNode)new GeoObject("error", [new GeoValue("code", e.Code), new GeoValue("description", e.Description)])).ToList());

    /// <summary>What the municipality promises for this kind of problem (service_notice).</summary>
    public static string Notice(RequestCategory category, bool english) => english
        ? $"The municipality will respond within {category.FirstResponseHours} hours and aims to resolve it within {category.ResolutionDays} days."
        : $"เทศบาลจะตอบรับภายใน {category.FirstResponseHours} ชั่วโมง และมีเป้าหมายแก้ไขให้แล้วเสร็จภายใน {category.ResolutionDays} วัน";

    private static string Describe(RequestCategory category, Division? division, bool english) => english
        ? $"{category.NameEn}. Handled by {division?.NameEn ?? category.DivisionCode}; first response within {category.FirstResponseHours} hours."
        : $"{category.NameTh} ดำเนินการโดย{division?.NameTh ?? category.DivisionCode} ตอบรับภายใน {category.FirstResponseHours} ชั่วโมง";
}
