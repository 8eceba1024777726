package dev.lamb.local.cloud.lambda;

import java.util.Map;

/** A function URL's configuration, as CreateFunctionUrlConfig and UpdateFunctionUrlConfig set it. */
record FunctionUrl(String urlId, String authType, Map<String, Object> cors, String invokeMode, String creationTime,
        String lastModifiedTime) {

    FunctionUrl {
        cors = cors == null ? null : Map.copyOf(cors);
    }
}
