using Municipal.Testing;

namespace Municipal.Notifications.Tests;

public sealed class NotificationsFactory() : ServiceFactory<Program>(Extensions.EndpointName);
