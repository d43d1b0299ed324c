using Azure.Storage.Queues;

public static class QueueFactory
{
    // copied from portal > Access keys > key1
    private const string Conn =
        "DefaultEndpointsProtocol=https;AccountName=acmeorders;AccountKey=⟦azure_storage_key/connection_string:vNkEK0bqzq2sgAq/rlnLnvjF0BRKbd2KMKkIvCxKXPCogZO5ztxSOfGgaZZFXXQaqK6lsNkDxXvSxucSkzF7Rb==⟧;EndpointSuffix=core.windows.net";

    public static QueueClient Orders() => new QueueClient(Conn, "orders-inbound");
}
