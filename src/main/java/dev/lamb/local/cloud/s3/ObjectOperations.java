package dev.lamb.local.cloud.s3;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.w3c.dom.Element;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.DurableFiles;
import dev.lamb.local.cloud.XmlWriter;

/** S3's object operations: put, copy, get (whole or a range), head, delete (one or many), and object tags. */
final class ObjectOperations {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    /** The headers S3 keeps with an object and answers with, as PutObject was given them. */
    private static final List<String> KEPT_HEADERS = List.of("Cache-Control", "Content-Disposition", "Content-Encoding",
            "Content-Language", "Expires");
    static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";
    private static final String DELETE_MARKER = "x-amz-delete-marker";
    private static final String VERSION_ID = "x-amz-version-id";

    private ObjectOperations() {}

    static CloudResponse putObject(S3Call call) throws IOException {
        Bucket bucket = call.bucket();
        if (call.header("Content-Length") == null && call.header("x-amz-decoded-content-length") == null) {
            throw S3Errors.missingContentLength();
        }
        Written written = write(bucket, call.body());
        String versionId = bucket.nextVersionId();
        ObjectVersion version = new ObjectVersion(call.key(), versionId, written.read().etag(), written.read().size(),
                System.currentTimeMillis(), contentType(call), metadata(call), keptHeaders(call), taggingHeader(call),
                written.file().getFileName().toString(), false);
        bucket.put(version);
        return withVersion(bucket, version, CloudResponse.empty(200).withHeader("ETag", version.etag())
                .withHeader("x-amz-server-side-encryption", "AES256"));
    }

    /** The bytes of a body, in a data file of the bucket's, written whole before it is named. */
    record Written(Path file, S3Payload.Read read) {}

    static Written write(Bucket bucket, S3Payload body) throws IOException {
        Path file = bucket.newDataFile();
        return new Written(file, writeTo(file, body));
    }

    static S3Payload.Read writeTo(Path file, S3Payload body) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            S3Payload.Read read;
            try (FileChannel channel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    DurableFiles.privateFileAttributes()); OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel))) {
                read = body.copyTo(out);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return read;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * A copy of an object (x-amz-copy-source {@code /BUCKET/KEY[?versionId=ID]}, URL-encoded), with its metadata or,
     * with x-amz-metadata-directive REPLACE, this request's. Copying an object onto itself must change something.
     */
    static CloudResponse copyObject(S3Call call) throws IOException {
        Bucket target = call.bucket();
        String source = call.header("x-amz-copy-source");
        String versionId = null;
        int mark = source.indexOf("?versionId=");
        if (mark >= 0) {
            versionId = source.substring(mark + "?versionId=".length());
            source = source.substring(0, mark);
        }
        source = URLDecoder.decode(source.replace("+", "%2B"), StandardCharsets.UTF_8);
        source = source.startsWith("/") ? source.substring(1) : source;
        int slash = source.indexOf('/');
        if (slash <= 0) {
            throw S3Errors.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
        }
        Bucket from = call.buckets().get(source.substring(0, slash));
        String fromKey = source.substring(slash + 1);
        ObjectVersion original = find(from, fromKey, versionId);
        boolean replace = "REPLACE".equalsIgnoreCase(call.header("x-amz-metadata-directive"));
        if (from == target && fromKey.equals(call.key()) && !replace && versionId == null) {
            throw S3Errors.invalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing "
                    + "the object's metadata, storage class, website redirect location or encryption attributes.");
        }
        Path file = target.newDataFile();
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.copy(from.dataFile(original), tmp);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        Map<String, String> tags = "REPLACE".equalsIgnoreCase(call.header("x-amz-tagging-directive")) ? taggingHeader(call) : original.tags();
        ObjectVersion copy = new ObjectVersion(call.key(), target.nextVersionId(), original.etag(), original.size(),
                System.currentTimeMillis(), replace ? contentType(call) : original.contentType(),
                replace ? metadata(call) : original.metadata(), replace ? keptHeaders(call) : original.headers(), tags,
                file.getFileName().toString(), false);
        target.put(copy);
        CloudResponse response = S3Call.xml(200, S3Xml.document(new XmlWriter().startRoot("CopyObjectResult", S3Xml.NAMESPACE)
                .element("ETag", copy.etag()).element("LastModified", S3Xml.time(copy.lastModified())).end()));
        if (original.versionId() != null && from.config.versioning != null) {
            response = response.withHeader("x-amz-copy-source-version-id", original.versionId());
        }
        return withVersion(target, copy, response);
    }

    /** The object's bytes, whole or the one range asked for (206 with Content-Range), streamed from its file. */
    static CloudResponse getObject(S3Call call) throws IOException {
        Bucket bucket = call.bucket();
        ObjectVersion version = find(bucket, call.key(), call.param("versionId"));
        long start = 0;
        long end = version.size() - 1;
        String range = call.header("Range");
        int status = 200;
        if (range != null) {
            Matcher m = RANGE.matcher(range.trim());
            if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                if (m.group(1).isEmpty()) {
                    start = Math.max(0, version.size() - Long.parseLong(m.group(2)));
                } else {
                    start = Long.parseLong(m.group(1));
                    end = m.group(2).isEmpty() ? end : Math.min(end, Long.parseLong(m.group(2)));
                }
                if (start >= version.size() || start > end) {
                    throw S3Errors.invalidRange().with("RangeRequested", range).with("ActualObjectSize", String.valueOf(version.size()));
                }
                status = 206;
            }
        }
        long from = start;
        long length = end - start + 1;
        Path file = bucket.dataFile(version);
        CloudResponse response = length <= 0 ? CloudResponse.empty(status)
                : CloudResponse.streamed(status, version.contentType(), out -> {
                    try (InputStream in = Files.newInputStream(file)) {
                        in.skipNBytes(from);
                        copy(in, out, length);
                    }
                });
        response = described(bucket, version, response).withHeader("Content-Length", String.valueOf(Math.max(0, length)));
        return status == 206 ? response.withHeader("Content-Range", "bytes " + start + "-" + end + "/" + version.size()) : response;
    }

    static CloudResponse headObject(S3Call call) {
        Bucket bucket = call.bucket();
        ObjectVersion version = find(bucket, call.key(), call.param("versionId"));
        return described(bucket, version, CloudResponse.empty(200)).withHeader("Content-Length", String.valueOf(version.size()));
    }

    /**
     * Deletes a version for good when one is named; else, as the bucket's versioning says: removes the object (never
     * versioned), adds a delete marker (Enabled), or makes a delete marker the null version (Suspended).
     */
    static CloudResponse deleteObject(S3Call call) throws IOException {
        Deleted deleted = delete(call.bucket(), call.key(), call.param("versionId"));
        CloudResponse response = CloudResponse.empty(204);
        if (deleted.deleteMarker()) {
            response = response.withHeader(DELETE_MARKER, "true");
        }
        return deleted.versionId() == null ? response : response.withHeader(VERSION_ID, deleted.versionId());
    }

    /** What a delete did: the version it removed or the delete marker it added (null in a bucket never versioned). */
    record Deleted(String versionId, boolean deleteMarker) {}

    static Deleted delete(Bucket bucket, String key, String versionId) throws IOException {
        synchronized (bucket) {
            if (versionId != null) {
                return bucket.remove(key, versionId).map(v -> new Deleted(v.versionId(), v.deleteMarker()))
                        .orElse(new Deleted(versionId, false));
            }
            String versioning = bucket.config.versioning;
            if (versioning == null) {
                bucket.remove(key, ObjectVersion.NULL_VERSION);
                return new Deleted(null, false);
            }
            if (bucket.versions(key).isEmpty() && "Suspended".equals(versioning)) {
                return new Deleted(null, false);
            }
            ObjectVersion marker = new ObjectVersion(key, bucket.nextVersionId(), null, 0, System.currentTimeMillis(), null, Map.of(),
                    Map.of(), Map.of(), null, true);
            bucket.put(marker);
            return new Deleted(marker.versionId(), true);
        }
    }

    /** DeleteObjects: each key (and version) deleted as DeleteObject would, the result per key; Quiet lists errors only. */
    static CloudResponse deleteObjects(S3Call call) throws IOException {
        Bucket bucket = call.bucket();
        Element delete = S3Xml.parse(call.xmlBody(), "Delete");
        boolean quiet = "true".equalsIgnoreCase(S3Xml.text(delete, "Quiet"));
        List<Element> objects = S3Xml.children(delete, "Object");
        if (objects.size() > 1000) {
            throw S3Errors.malformedXml();
        }
        XmlWriter x = new XmlWriter().startRoot("DeleteResult", S3Xml.NAMESPACE);
        for (Element object : objects) {
            String key = S3Xml.text(object, "Key");
            String versionId = S3Xml.text(object, "VersionId");
            try {
                Deleted deleted = delete(bucket, key, versionId);
                if (!quiet) {
                    x.start("Deleted").element("Key", key).element("VersionId", versionId);
                    if (deleted.deleteMarker()) {
                        x.element("DeleteMarker", true).element("DeleteMarkerVersionId", deleted.versionId());
                    }
                    x.end();
                }
            } catch (AwsServiceException e) {
                x.start("Error").element("Key", key).element("VersionId", versionId).element("Code", e.code())
                        .element("Message", e.getMessage()).end();
            }
        }
        return S3Call.xml(200, S3Xml.document(x.end()));
    }

    static CloudResponse putTagging(S3Call call) throws IOException {
        Bucket bucket = call.bucket();
        Map<String, String> tags = S3Xml.tags(call.xmlBody());
        ObjectVersion version = find(bucket, call.key(), call.param("versionId"));
        bucket.update(version.withTags(tags));
        return withVersion(bucket, version, CloudResponse.empty(200));
    }

    static CloudResponse getTagging(S3Call call) {
        Bucket bucket = call.bucket();
        ObjectVersion version = find(bucket, call.key(), call.param("versionId"));
        return withVersion(bucket, version, S3Call.xml(200, S3Xml.tagging(version.tags())));
    }

    static CloudResponse deleteTagging(S3Call call) throws IOException {
        Bucket bucket = call.bucket();
        ObjectVersion version = find(bucket, call.key(), call.param("versionId"));
        bucket.update(version.withTags(Map.of()));
        return withVersion(bucket, version, CloudResponse.empty(204));
    }

    /**
     * The version asked for, or the current one. A key whose current version is a delete marker answers NoSuchKey with
     * S3's {@code x-amz-delete-marker: true} and the marker's {@code x-amz-version-id}; a delete marker asked for by id
     * answers 405 MethodNotAllowed, with the same header, as S3 does.
     */
    static ObjectVersion find(Bucket bucket, String key, String versionId) {
        List<ObjectVersion> versions = bucket.versions(key);
        if (versionId == null) {
            if (versions.isEmpty()) {
                throw S3Errors.noSuchKey(key);
            }
            if (versions.get(0).deleteMarker()) {
                throw S3Errors.noSuchKey(key).with(DELETE_MARKER, "true").with(VERSION_ID, versions.get(0).versionId());
            }
            return versions.get(0);
        }
        ObjectVersion found = versions.stream().filter(v -> v.versionId().equals(versionId)).findFirst()
                .orElseThrow(() -> S3Errors.noSuchVersion(key, versionId));
        if (found.deleteMarker()) {
            throw new AwsServiceException(405, "MethodNotAllowed", "The specified method is not allowed against this resource.")
                    .with("Method", "GET").with("ResourceType", "DeleteMarker").with(DELETE_MARKER, "true");
        }
        return found;
    }

    /** The headers that describe an object in GetObject's and HeadObject's answers. */
    private static CloudResponse described(Bucket bucket, ObjectVersion v, CloudResponse response) {
        CloudResponse r = response.withHeader("Content-Type", v.contentType()).withHeader("ETag", v.etag())
                .withHeader("Last-Modified", HTTP_DATE.format(Instant.ofEpochMilli(v.lastModified())))
                .withHeader("Accept-Ranges", "bytes").withHeader("x-amz-server-side-encryption", "AES256");
        for (Map.Entry<String, String> h : v.headers().entrySet()) {
            r = r.withHeader(h.getKey(), h.getValue());
        }
        for (Map.Entry<String, String> m : v.metadata().entrySet()) {
            r = r.withHeader("x-amz-meta-" + m.getKey(), m.getValue());
        }
        if (!v.tags().isEmpty()) {
            r = r.withHeader("x-amz-tagging-count", String.valueOf(v.tags().size()));
        }
        return withVersion(bucket, v, r);
    }

    /** x-amz-version-id, which S3 sends once a bucket has had versioning set. */
    static CloudResponse withVersion(Bucket bucket, ObjectVersion v, CloudResponse response) {
        return bucket.config.versioning == null ? response : response.withHeader(VERSION_ID, v.versionId());
    }

    static String contentType(S3Call call) {
        String type = call.header("Content-Type");
        return type == null || type.isBlank() ? DEFAULT_CONTENT_TYPE : type;
    }

    /** The user metadata, x-amz-meta-*, by name lowercased as S3 keeps it. */
    static Map<String, String> metadata(S3Call call) {
        Map<String, String> metadata = new TreeMap<>();
        call.head().headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-amz-meta-") && !values.isEmpty()) {
                metadata.put(lower.substring("x-amz-meta-".length()), values.get(0));
            }
        });
        return metadata;
    }

    /** The headers S3 keeps, but aws-chunked, which is the request's transfer encoding, not the object's. */
    static Map<String, String> keptHeaders(S3Call call) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : KEPT_HEADERS) {
            String value = call.header(name);
            if (value != null && name.equals("Content-Encoding")) {
                value = String.join(",", Arrays.stream(value.split(",")).map(String::trim)
                        .filter(e -> !e.equalsIgnoreCase("aws-chunked")).toList());
            }
            if (value != null && !value.isEmpty()) {
                kept.put(name, value);
            }
        }
        return kept;
    }

    /** x-amz-tagging: tags as a URL query ({@code k1=v1&k2=v2}). */
    static Map<String, String> taggingHeader(S3Call call) {
        Map<String, String> tags = new LinkedHashMap<>();
        String header = call.header("x-amz-tagging");
        if (header != null && !header.isEmpty()) {
            for (String pair : header.split("&")) {
                int eq = pair.indexOf('=');
                tags.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return tags;
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[256 * 1024];
        long left = length;
        for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
            out.write(buffer, 0, n);
            left -= n;
        }
    }
}
