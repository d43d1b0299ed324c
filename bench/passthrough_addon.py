"""Benchmark baseline mitmproxy script: streams every response body, as the suite does.

Plain mitmdump buffers whole answers (SSE included), which would make the baseline look slower.
"""

from mitmproxy import http


class StreamResponses:
    def responseheaders(self, flow: http.HTTPFlow) -> None:
        # Requests stay buffered: the suite buffers AI request bodies too.
        if flow.response is not None:
            flow.response.stream = True


addons = [StreamResponses()]
