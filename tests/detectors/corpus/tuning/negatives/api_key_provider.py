class ApiKeyProvider:
    """Resolves the API key for a tenant from the secrets manager."""

    def __init__(self, secrets_client, cache_ttl: int = 300):
        self._secrets = secrets_client
        self._ttl = cache_ttl

    def get_api_key(self, tenant_id: str) -> str:
        secret_name = f"tenants/{tenant_id}/api_key"
        return self._secrets.get_secret_value(SecretId=secret_name)["SecretString"]

    def rotate_api_key(self, tenant_id: str) -> None:
        self._secrets.rotate_secret(SecretId=f"tenants/{tenant_id}/api_key")
