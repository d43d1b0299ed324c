from square.client import Client

client = Client(
    access_token="⟦square_token/access_token:EAAAzEJzET4qz_Jk52m6ylfR7XuX60C_DAH7go7RbiwmqCUF6Lof5vhZJTV-2kUr⟧",
    environment="production",
)
result = client.payments.list_payments(location_id="L8K2Q1M9X0PZT", limit=50)
