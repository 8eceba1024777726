package dev.lamb.local.cloud.s3;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.w3c.dom.Element;

import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.DurableFiles;
import dev.lamb.local.cloud.XmlWriter;

/**
 * S3's multipart uploads: create, upload parts (1 to 10,000, each but the last at least 5 MiB), list them, complete
 * (the parts joined in order; the ETag the MD5 of the parts' MD5s, then "-" and their count, as S3 computes it) or abort.
 */
final class MultipartOperations {
    static final long MIN_PART = 5L * 1024 * 1024;
    private static final int MAX_PART_NUMBER = 10_000;

    private MultipartOperations() {}

    static CloudResponse create(S3Call call) throws IOException {
        Bucket bucket = call.bucket();
        String id = UUID.randomUUID().toString().replace("-", "");
        MultipartUpload upload = MultipartUpload.create(bucket.dir.resolve("uploads").resolve(id), id, call.key(),
                ObjectOperations.contentType(call), ObjectOperations.metadata(call), ObjectOperations.keptHeaders(call));
        bucket.uploads.put(id, upload);
        return S3Call.xml(200, S3Xml.document(new XmlWriter().startRoot("InitiateMultipartUploadResult", S3Xml.NAMESPACE)
                .element("Bucket", call.bucketName()).element("Key", call.key()).element("UploadId", id).end()))
                .withHeader("x-amz-server-side-encryption", "AES256");
    }

    static CloudResponse uploadPart(S3Call call) throws IOException {
        MultipartUpload upload = upload(call);
        int number = partNumber(call.param("partNumber"));
        Path tmp = upload.dir().resolve("." + number + "." + UUID.randomUUID() + ".tmp");
        S3Payload.Read read = ObjectOperations.writeTo(tmp, call.body());
        MultipartUpload.Part part = upload.addPart(number, tmp, read);
        return CloudResponse.empty(200).withHeader("ETag", part.etag()).withHeader("x-amz-server-side-encryption", "AES256");
    }

    static CloudResponse listParts(S3Call call) {
        MultipartUpload upload = upload(call);
        int marker = call.param("part-number-marker") == null ? 0 : Integer.parseInt(call.param("part-number-marker"));
        int max = call.param("max-parts") == null ? 1000 : Math.min(1000, Integer.parseInt(call.param("max-parts")));
        List<MultipartUpload.Part> after = upload.parts().stream().filter(p -> p.number() > marker).toList();
        List<MultipartUpload.Part> page = after.subList(0, Math.min(max, after.size()));
        XmlWriter x = new XmlWriter().startRoot("ListPartsResult", S3Xml.NAMESPACE)
                .element("Bucket", call.bucketName()).element("Key", upload.key()).element("UploadId", upload.id())
                .element("PartNumberMarker", marker)
                .element("NextPartNumberMarker", page.isEmpty() ? marker : page.get(page.size() - 1).number())
                .element("MaxParts", max).element("IsTruncated", after.size() > page.size());
        for (MultipartUpload.Part p : page) {
            x.start("Part").element("PartNumber", p.number()).element("LastModified", S3Xml.time(p.lastModified()))
                    .element("ETag", p.etag()).element("Size", p.size()).end();
        }
        x.start("Initiator").element("ID", S3Service.OWNER_ID).end().start("Owner").element("ID", S3Service.OWNER_ID).end()
                .element("StorageClass", "STANDARD");
        return S3Call.xml(200, S3Xml.document(x.end()));
    }

    /** The uploads in progress, by key then by when they began (one page: S3's 1,000 at most). */
    static CloudResponse listUploads(S3Call call) {
        Bucket bucket = call.bucket();
        String prefix = call.param("prefix") == null ? "" : call.param("prefix");
        List<MultipartUpload> uploads = bucket.uploads.values().stream().filter(u -> u.key().startsWith(prefix))
                .sorted(Comparator.comparing(MultipartUpload::key).thenComparingLong(MultipartUpload::initiated)).limit(1000).toList();
        XmlWriter x = new XmlWriter().startRoot("ListMultipartUploadsResult", S3Xml.NAMESPACE)
                .element("Bucket", call.bucketName()).element("KeyMarker", "").element("UploadIdMarker", "")
                .element("Prefix", prefix).element("MaxUploads", 1000).element("IsTruncated", false);
        for (MultipartUpload u : uploads) {
            x.start("Upload").element("Key", u.key()).element("UploadId", u.id())
                    .start("Initiator").element("ID", S3Service.OWNER_ID).end().start("Owner").element("ID", S3Service.OWNER_ID).end()
                    .element("StorageClass", "STANDARD").element("Initiated", S3Xml.time(u.initiated())).end();
        }
        return S3Call.xml(200, S3Xml.document(x.end()));
    }

    static CloudResponse abort(S3Call call) throws IOException {
        Bucket bucket = call.bucket();
        MultipartUpload upload = upload(call);
        bucket.uploads.remove(upload.id());
        upload.discard();
        return CloudResponse.empty(204);
    }

    /**
     * Joins the parts the request lists, in ascending order, each with the ETag it was uploaded with, into the object;
     * the parts not listed are dropped with the upload.
     */
    static CloudResponse complete(S3Call call) throws IOException {
        Bucket bucket = call.bucket();
        MultipartUpload upload = upload(call);
        Element request = S3Xml.parse(call.xmlBody(), "CompleteMultipartUpload");
        Map<Integer, MultipartUpload.Part> uploaded = upload.parts().stream()
                .collect(Collectors.toMap(MultipartUpload.Part::number, Function.identity()));
        List<MultipartUpload.Part> chosen = new ArrayList<>();
        int previous = 0;
        for (Element listed : S3Xml.children(request, "Part")) {
            int number = partNumber(S3Xml.text(listed, "PartNumber"));
            if (number <= previous) {
                throw S3Errors.invalidPartOrder();
            }
            previous = number;
            MultipartUpload.Part part = uploaded.get(number);
            String etag = S3Xml.text(listed, "ETag");
            if (part == null || etag == null || !unquoted(etag).equals(unquoted(part.etag()))) {
                throw S3Errors.invalidPart();
            }
            chosen.add(part);
        }
        if (chosen.isEmpty()) {
            throw S3Errors.malformedXml();
        }
        for (int i = 0; i < chosen.size() - 1; i++) {
            if (chosen.get(i).size() < MIN_PART) {
                throw S3Errors.entityTooSmall();
            }
        }
        Path file = bucket.newDataFile();
        long size = join(upload, chosen, file);
        MessageDigest md5s = S3Payload.digest("MD5");
        chosen.forEach(p -> md5s.update(HexFormat.of().parseHex(unquoted(p.etag()))));
        String etag = "\"" + HexFormat.of().formatHex(md5s.digest()) + "-" + chosen.size() + "\"";
        ObjectVersion version = new ObjectVersion(upload.key(), bucket.nextVersionId(), etag, size, System.currentTimeMillis(),
                upload.contentType(), upload.metadata(), upload.headers(), Map.of(), file.getFileName().toString(), false);
        bucket.put(version);
        bucket.uploads.remove(upload.id());
        upload.discard();
        CloudResponse response = S3Call.xml(200, S3Xml.document(new XmlWriter().startRoot("CompleteMultipartUploadResult", S3Xml.NAMESPACE)
                .element("Location", "/" + call.bucketName() + "/" + upload.key()).element("Bucket", call.bucketName())
                .element("Key", upload.key()).element("ETag", etag).end()));
        return ObjectOperations.withVersion(bucket, version, response.withHeader("x-amz-server-side-encryption", "AES256"));
    }

    /** The parts' bytes, one after the other, in a new data file named once whole; its size. */
    private static long join(MultipartUpload upload, List<MultipartUpload.Part> parts, Path file) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        long size = 0;
        try (FileChannel out = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                DurableFiles.privateFileAttributes())) {
            for (MultipartUpload.Part p : parts) {
                try (FileChannel in = FileChannel.open(upload.partFile(p.number()), StandardOpenOption.READ)) {
                    long length = in.size();
                    for (long at = 0; at < length; ) {
                        at += in.transferTo(at, length - at, out);
                    }
                    size += length;
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return size;
    }

    private static MultipartUpload upload(S3Call call) {
        Bucket bucket = call.bucket();
        String id = call.param("uploadId");
        MultipartUpload upload = id == null ? null : bucket.uploads.get(id);
        if (upload == null || !upload.key().equals(call.key())) {
            throw S3Errors.noSuchUpload(id);
        }
        return upload;
    }

    private static int partNumber(String given) {
        try {
            int n = Integer.parseInt(given == null ? "" : given.trim());
            if (n >= 1 && n <= MAX_PART_NUMBER) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw S3Errors.invalidArgument("Part number must be an integer between 1 and 10000, inclusive");
    }

    private static String unquoted(String etag) {
        return etag.replace("\"", "").trim();
    }
}
