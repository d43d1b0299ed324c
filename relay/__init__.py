"""The relay: an HTTP server on 127.0.0.1, inside the proxy's process, that makes an AI
request to the provider itself so that it can hold a tool call past the end of the answer."""
