namespace Municipal.Requests.Domain;

/// <summary>How a request reached the municipality.</summary>
public enum RequestChannel
{
    Web,
    Mobile,
    Meeting,
    Phone,
    Open311,
}
