package io.lading.storage.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The application's S3 bucket. Uploads stream in parts of {@value #PART_SIZE} bytes, so memory per upload
 * is bounded whatever the file size; reads are streams. S3Proxy and other S3-compatible servers need
 * path-style access and checksums only where the protocol requires them.
 */
@ApplicationScoped
public class ObjectStore {

    static final int PART_SIZE = 8 * 1024 * 1024;

    @Inject
    @ConfigProperties
    S3Settings settings;

    private S3Client client;
    private S3Presigner presigner;

    public record StoredObject(String key, long size, String etag) {
    }

    @PostConstruct
    void connect() {
        AwsCredentialsProvider credentials = settings.accessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        settings.accessKey().get(), settings.secretKey().orElse("")))
                : DefaultCredentialsProvider.builder().build();
        S3Configuration s3 = S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build();
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(s3)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(e -> builder.endpointOverride(URI.create(e)));
        client = builder.build();
        var presignerBuilder = S3Presigner.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(s3);
        settings.publicEndpoint().ifPresent(e -> presignerBuilder.endpointOverride(URI.create(e)));
        presigner = presignerBuilder.build();
    }

    @PreDestroy
    void close() {
        client.close();
        presigner.close();
    }

    public String bucket() {
        return settings.bucket();
    }

    public Optional<StoredObject> head(String key) {
        try {
            HeadObjectResponse head = client.headObject(b -> b.bucket(bucket()).key(key));
            return Optional.of(new StoredObject(key, head.contentLength(), head.eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The object's body; a body cut short ends in {@link TruncatedObjectException}, never in an early end. */
    public ResponseInputStream<GetObjectResponse> read(String key) {
        return lengthChecked(key, client.getObject(b -> b.bucket(bucket()).key(key)));
    }

    /** The first {@code bytes} of an object (or all of a smaller one), e.g. to read a file's header line. */
    public ResponseInputStream<GetObjectResponse> readStart(String key, long bytes) {
        return lengthChecked(key, client.getObject(b -> b.bucket(bucket()).key(key).range("bytes=0-" + (bytes - 1))));
    }

    private static ResponseInputStream<GetObjectResponse> lengthChecked(String key,
                                                                        ResponseInputStream<GetObjectResponse> in) {
        Long length = in.response().contentLength();
        if (length == null) {
            return in;
        }
        return new ResponseInputStream<>(in.response(),
                AbortableInputStream.create(new LengthCheckedStream(in, key, length), in::abort));
    }

    /** An object as a listing shows it. */
    public record Listed(String key, Instant lastModified) {
    }

    /** Every object under {@code prefix}, page after page. */
    public List<Listed> list(String prefix) {
        return client.listObjectsV2Paginator(b -> b.bucket(bucket()).prefix(prefix)).contents().stream()
                .map(o -> new Listed(o.key(), o.lastModified())).toList();
    }

    public void delete(String key) {
        client.deleteObject(b -> b.bucket(bucket()).key(key));
    }

    public void checkBucket() {
        client.headBucket(b -> b.bucket(bucket()));
    }

    /** A presigned PUT and the headers it was signed with, which the PUT must send as they are. */
    public record PresignedPut(URL url, Map<String, String> headers) {
    }

    /**
     * A presigned PUT of {@code key}. With {@code contentLength} the length is part of the signature, so S3 refuses
     * a body of any other size: the size checked against the tenant's limit is the size that arrives.
     */
    public PresignedPut presignedPut(String key, String contentType, Long contentLength, Duration validity) {
        var presigned = presigner.presignPutObject(p -> p.signatureDuration(validity)
                .putObjectRequest(r -> r.bucket(bucket()).key(key).contentType(contentType)
                        .contentLength(contentLength)));
        Map<String, String> headers = new java.util.TreeMap<>();
        presigned.signedHeaders().forEach((name, values) -> {
            if (!"host".equalsIgnoreCase(name)) {
                headers.put(name, String.join(",", values));
            }
        });
        return new PresignedPut(presigned.url(), headers);
    }

    public URL presignedGet(String key, Duration validity, String downloadName) {
        return presigner.presignGetObject(p -> p.signatureDuration(validity)
                .getObjectRequest(r -> r.bucket(bucket()).key(key)
                        .responseContentDisposition("attachment; filename=\"" + downloadName + "\""))).url();
    }

    /**
     * Streams {@code in} to {@code key}: one PUT when it fits in a part, a multipart upload otherwise
     * (aborted on failure, so no half-written object stays behind). {@code maxBytes} bounds what is accepted.
     */
    public StoredObject upload(String key, InputStream in, String contentType, long maxBytes) throws IOException {
        // readNBytes grows its buffer with what arrives: a small file does not cost a part-sized array, which G1
        // allocates outside the young generation and which set off old-generation cycles at a few imports a second.
        byte[] part = in.readNBytes(PART_SIZE);
        int first = part.length;
        if (first < PART_SIZE) {
            ensureWithin(first, maxBytes);
            var put = client.putObject(b -> b.bucket(bucket()).key(key).contentType(contentType),
                    RequestBody.fromBytes(part));
            return new StoredObject(key, first, put.eTag());
        }
        String uploadId = client.createMultipartUpload(b -> b.bucket(bucket()).key(key).contentType(contentType))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long total = 0;
            int length = first;
            while (length > 0) {
                total += length;
                ensureWithin(total, maxBytes);
                int number = parts.size() + 1;
                int partLength = length;
                var uploaded = client.uploadPart(b -> b.bucket(bucket()).key(key).uploadId(uploadId)
                        .partNumber(number).contentLength((long) partLength),
                        RequestBody.fromInputStream(new java.io.ByteArrayInputStream(part, 0, partLength), partLength));
                parts.add(CompletedPart.builder().partNumber(number).eTag(uploaded.eTag()).build());
                length = in.readNBytes(part, 0, PART_SIZE);
            }
            var done = client.completeMultipartUpload(b -> b.bucket(bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            return new StoredObject(key, total, done.eTag());
        } catch (IOException | RuntimeException e) {
            client.abortMultipartUpload(b -> b.bucket(bucket()).key(key).uploadId(uploadId));
            throw e;
        }
    }

    /**
     * Starts a streamed upload to {@code key} (see {@link MultipartUploadStream}); its upload id and parts are
     * what a writer records to {@link #resumeMultipart resume} it.
     */
    public MultipartUploadStream startMultipart(String key, String contentType, boolean partsAtBoundaries) {
        String uploadId = client.createMultipartUpload(b -> b.bucket(bucket()).key(key).contentType(contentType))
                .uploadId();
        return new MultipartUploadStream(client, bucket(), key, uploadId, List.of(), partsAtBoundaries);
    }

    /**
     * Continues an upload after {@code done}, its parts stored so far, or empty when S3 no longer holds that
     * upload with those parts (it was completed, aborted or expired): the caller then starts again.
     */
    public Optional<MultipartUploadStream> resumeMultipart(String key, String uploadId,
                                                           List<MultipartUploadStream.Part> done,
                                                           boolean partsAtBoundaries) {
        java.util.Map<Integer, String> stored = new java.util.HashMap<>();
        try {
            client.listPartsPaginator(b -> b.bucket(bucket()).key(key).uploadId(uploadId)).parts()
                    .forEach(p -> stored.put(p.partNumber(), p.eTag()));
        } catch (NoSuchUploadException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        for (MultipartUploadStream.Part part : done) {
            if (!part.etag().equals(stored.get(part.number()))) {
                return Optional.empty();
            }
        }
        return Optional.of(new MultipartUploadStream(client, bucket(), key, uploadId, done, partsAtBoundaries));
    }

    /** Drops an unfinished upload; one that is already gone is fine. */
    public void abortMultipart(String key, String uploadId) {
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket()).key(key).uploadId(uploadId));
        } catch (NoSuchUploadException gone) {
            // Nothing left to drop.
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
    }

    private static void ensureWithin(long size, long maxBytes) {
        if (size > maxBytes) {
            throw new FileTooLargeException(maxBytes);
        }
    }

    /** Thrown by {@link #upload} when the stream exceeds the allowed size. */
    public static class FileTooLargeException extends UncheckedIOException {
        private final long maxBytes;

        FileTooLargeException(long maxBytes) {
            super(new IOException("File exceeds " + maxBytes + " bytes"));
            this.maxBytes = maxBytes;
        }

        public long maxBytes() {
            return maxBytes;
        }
    }
}
