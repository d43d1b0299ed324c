package com.northwind.media.storage;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;

public final class OssUploader {
    private static final String ENDPOINT = "https://oss-eu-central-1.aliyuncs.com";

    public static OSS client() {
        // credentials from the vendor's onboarding email, rotate after the pilot
        return new OSSClientBuilder().build(ENDPOINT, "⟦alibaba_access_key_id/java_literal:LTAI93bo3pm9JqrvAkOicg4g⟧", "⟦alibaba_access_key_secret/java_literal:LfL1IYIAmDAvueKuP4AKVrEJhz0aZA⟧");
    }
}
