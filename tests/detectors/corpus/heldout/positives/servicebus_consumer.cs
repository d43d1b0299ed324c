using Azure.Messaging.ServiceBus;

namespace Ledger.Settlement;

public static class Bus
{
    // shared access policy "listen-only" on the settlements namespace
    private const string Connection =
        "Endpoint=sb://nw-settlements.servicebus.windows.net/;SharedAccessKeyName=listen-only;SharedAccessKey=⟦azure_storage_key/servicebus_shared_access_key:gwB2h86XsbkaVqH2YcmYBmElbuM1YRIdX+OIgumUqww=⟧";

    public static ServiceBusClient Create() => new(Connection);
}
