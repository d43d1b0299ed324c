package io.acme.reporting;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.URI;

public final class ReportingClient {
    private static final String SERVICE_JWT = "⟦jwt/hs256:eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtcmVwb3J0aW5nIiwic2NvcGUiOiJyZXBvcnRzOnJlYWQiLCJpYXQiOjE3MTYwMDAwMDAsImV4cCI6MTc0NzUzNjAwMH0.VuDVRCwkH0wspe4reQu23rFGKe3fbXwe-egav4O-QPY⟧";
    private final HttpClient http = HttpClient.newHttpClient();

    HttpRequest monthly(String tenantId) {
        return HttpRequest.newBuilder(URI.create("https://reports.internal.acme.io/v1/" + tenantId + "/monthly"))
            .header("X-Service-Token", SERVICE_JWT)
            .GET().build();
    }
}
