package dev.lamb.local.cloud.s3;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.XmlWriter;

/**
 * S3's listings: ListObjectsV2 (prefix, delimiter, max-keys, start-after, continuation-token), ListObjects (marker) and
 * ListObjectVersions (key-marker, version-id-marker). Keys come in UTF-8 binary order, as S3 lists them; under a
 * delimiter, the keys sharing a prefix up to it are one common prefix, which counts as one key toward max-keys.
 */
final class ObjectListing {
    private static final int MAX_KEYS = 1000;

    private ObjectListing() {}

    /** One entry of a listing: an object's key (with its versions) or a common prefix (versions null). */
    private record Entry(String key, List<ObjectVersion> versions) {}

    /** A page of entries, and whether more follow. */
    private record Page(List<Entry> entries, boolean truncated) {
        String last() {
            return entries.get(entries.size() - 1).key();
        }
    }

    static CloudResponse listV2(S3Call call) {
        Bucket bucket = call.bucket();
        String prefix = orEmpty(call.param("prefix"));
        String delimiter = call.param("delimiter");
        String token = call.param("continuation-token");
        String startAfter = call.param("start-after");
        String after = token != null ? decodeToken(token) : startAfter;
        int max = maxKeys(call.param("max-keys"));
        boolean url = "url".equals(call.param("encoding-type"));
        Page page = page(bucket.snapshot(prefix.isEmpty() ? null : prefix), prefix, delimiter, after, max, false);
        XmlWriter x = new XmlWriter().startRoot("ListBucketResult", S3Xml.NAMESPACE)
                .element("Name", call.bucketName()).element("Prefix", encode(prefix, url)).element("Delimiter", encode(delimiter, url))
                .element("MaxKeys", max).element("KeyCount", page.entries().size()).element("IsTruncated", page.truncated())
                .element("ContinuationToken", token).element("StartAfter", encode(startAfter, url));
        if (page.truncated()) {
            x.element("NextContinuationToken", Base64.getUrlEncoder().encodeToString(page.last().getBytes(StandardCharsets.UTF_8)));
        }
        contents(x, page, url);
        return S3Call.xml(200, S3Xml.document(x.element("EncodingType", url ? "url" : null).end()));
    }

    static CloudResponse listV1(S3Call call) {
        Bucket bucket = call.bucket();
        String prefix = orEmpty(call.param("prefix"));
        String delimiter = call.param("delimiter");
        String marker = call.param("marker");
        int max = maxKeys(call.param("max-keys"));
        boolean url = "url".equals(call.param("encoding-type"));
        Page page = page(bucket.snapshot(prefix.isEmpty() ? null : prefix), prefix, delimiter, marker, max, false);
        XmlWriter x = new XmlWriter().startRoot("ListBucketResult", S3Xml.NAMESPACE)
                .element("Name", call.bucketName()).element("Prefix", encode(prefix, url)).element("Marker", encode(orEmpty(marker), url))
                .element("MaxKeys", max).element("Delimiter", encode(delimiter, url)).element("IsTruncated", page.truncated());
        if (page.truncated() && delimiter != null) {
            x.element("NextMarker", encode(page.last(), url));
        }
        contents(x, page, url);
        return S3Call.xml(200, S3Xml.document(x.element("EncodingType", url ? "url" : null).end()));
    }

    /** Versions and delete markers, newest first per key; a page ends with a whole key (a simplification of S3's paging). */
    static CloudResponse listVersions(S3Call call) {
        Bucket bucket = call.bucket();
        String prefix = orEmpty(call.param("prefix"));
        String delimiter = call.param("delimiter");
        String keyMarker = call.param("key-marker");
        int max = maxKeys(call.param("max-keys"));
        boolean url = "url".equals(call.param("encoding-type"));
        Page page = page(bucket.snapshot(prefix.isEmpty() ? null : prefix), prefix, delimiter, keyMarker, max, true);
        XmlWriter x = new XmlWriter().startRoot("ListVersionsResult", S3Xml.NAMESPACE)
                .element("Name", call.bucketName()).element("Prefix", encode(prefix, url))
                .element("KeyMarker", encode(orEmpty(keyMarker), url)).element("VersionIdMarker", orEmpty(call.param("version-id-marker")))
                .element("MaxKeys", max).element("Delimiter", encode(delimiter, url)).element("IsTruncated", page.truncated());
        if (page.truncated()) {
            x.element("NextKeyMarker", encode(page.last(), url));
        }
        for (Entry e : page.entries()) {
            if (e.versions() == null) {
                continue;
            }
            boolean latest = true;
            for (ObjectVersion v : e.versions()) {
                if (v.deleteMarker()) {
                    x.start("DeleteMarker").start("Owner").element("ID", S3Service.OWNER_ID).end()
                            .element("Key", encode(v.key(), url)).element("VersionId", v.versionId()).element("IsLatest", latest)
                            .element("LastModified", S3Xml.time(v.lastModified())).end();
                } else {
                    x.start("Version").element("ETag", v.etag()).element("Size", v.size()).element("StorageClass", "STANDARD")
                            .element("Key", encode(v.key(), url)).element("VersionId", v.versionId()).element("IsLatest", latest)
                            .element("LastModified", S3Xml.time(v.lastModified())).start("Owner").element("ID", S3Service.OWNER_ID)
                            .end().end();
                }
                latest = false;
            }
        }
        commonPrefixes(x, page, url);
        return S3Call.xml(200, S3Xml.document(x.element("EncodingType", url ? "url" : null).end()));
    }

    /**
     * Up to max entries after {@code after} (a key, or a common prefix already listed, whose keys are all skipped):
     * keys whose current version is a delete marker are left out unless versions are listed.
     */
    private static Page page(NavigableMap<String, List<ObjectVersion>> keys, String prefix, String delimiter, String after, int max,
            boolean allVersions) {
        List<Entry> entries = new ArrayList<>();
        String lastPrefix = null;
        for (Map.Entry<String, List<ObjectVersion>> e : keys.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix)) {
                break;
            }
            if (after != null && (key.compareTo(after) <= 0 || isPrefixListed(after, delimiter, key))) {
                continue;
            }
            if (!allVersions && e.getValue().get(0).deleteMarker()) {
                continue;
            }
            String common = commonPrefix(key, prefix, delimiter);
            if (common != null && common.equals(lastPrefix)) {
                continue;
            }
            if (entries.size() == max) {
                return new Page(entries, max > 0);
            }
            entries.add(common != null ? new Entry(common, null) : new Entry(key, e.getValue()));
            lastPrefix = common;
        }
        return new Page(entries, false);
    }

    private static boolean isPrefixListed(String after, String delimiter, String key) {
        return delimiter != null && !delimiter.isEmpty() && after.endsWith(delimiter) && key.startsWith(after);
    }

    private static String commonPrefix(String key, String prefix, String delimiter) {
        if (delimiter == null || delimiter.isEmpty()) {
            return null;
        }
        int at = key.indexOf(delimiter, prefix.length());
        return at < 0 ? null : key.substring(0, at + delimiter.length());
    }

    private static void contents(XmlWriter x, Page page, boolean url) {
        for (Entry e : page.entries()) {
            if (e.versions() != null) {
                ObjectVersion v = e.versions().get(0);
                x.start("Contents").element("Key", encode(v.key(), url)).element("LastModified", S3Xml.time(v.lastModified()))
                        .element("ETag", v.etag()).element("Size", v.size()).element("StorageClass", "STANDARD").end();
            }
        }
        commonPrefixes(x, page, url);
    }

    private static void commonPrefixes(XmlWriter x, Page page, boolean url) {
        for (Entry e : page.entries()) {
            if (e.versions() == null) {
                x.start("CommonPrefixes").element("Prefix", encode(e.key(), url)).end();
            }
        }
    }

    private static int maxKeys(String given) {
        if (given == null) {
            return MAX_KEYS;
        }
        try {
            int n = Integer.parseInt(given);
            if (n < 0) {
                throw S3Errors.invalidArgument("Provided max-keys not an integer or within integer range");
            }
            return Math.min(n, MAX_KEYS);
        } catch (NumberFormatException e) {
            throw S3Errors.invalidArgument("Provided max-keys not an integer or within integer range");
        }
    }

    private static String decodeToken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw S3Errors.invalidArgument("The continuation token provided is incorrect");
        }
    }

    /** With encoding-type=url, keys and prefixes are URL-encoded, as botocore asks by default and decodes. */
    private static String encode(String value, boolean url) {
        return value == null || !url ? value : URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
