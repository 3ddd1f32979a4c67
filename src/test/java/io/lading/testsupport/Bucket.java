package io.lading.testsupport;

import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Direct reads of the test bucket (the one WildFly writes to, from the same environment), to check what the
 * service left in S3: objects, and multipart uploads nobody completed or aborted.
 */
public final class Bucket implements AutoCloseable {

    private final S3Client client;
    private final String bucket = System.getenv("S3_BUCKET");

    public Bucket() {
        client = S3Client.builder()
                .endpointOverride(URI.create(System.getenv("S3_ENDPOINT")))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        System.getenv("S3_ACCESS_KEY"), System.getenv("S3_SECRET_KEY"))))
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                // S3Proxy rejects the SDK's default trailing checksums.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** Keys of the objects stored under {@code prefix}. */
    public List<String> objects(String prefix) {
        return client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    /** Keys of the multipart uploads under {@code prefix} that are still open (neither completed nor aborted). */
    public List<String> openUploads(String prefix) {
        return client.listMultipartUploads(b -> b.bucket(bucket).prefix(prefix)).uploads().stream()
                .map(MultipartUpload::key).toList();
    }

    @Override
    public void close() {
        client.close();
    }
}
