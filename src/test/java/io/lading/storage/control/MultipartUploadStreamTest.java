package io.lading.storage.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.devstack.EmbeddedS3;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Parts stored in the background, on a real S3 endpoint: the object, the parts acknowledged, a failed part. */
class MultipartUploadStreamTest {

    private static final String BUCKET = "uploads";

    @TempDir
    static Path data;
    static EmbeddedS3 s3;
    static S3Client client;
    static ExecutorService background;

    @BeforeAll
    static void start() throws IOException {
        s3 = EmbeddedS3.start(freePort(), data.resolve("s3"), false, "key", "secret", BUCKET);
        client = client(s3.endpoint());
        background = Executors.newSingleThreadExecutor();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static S3Client client(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret")))
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
    }

    @AfterAll
    static void stop() {
        background.shutdownNow();
        client.close();
        s3.close();
    }

    private static MultipartUploadStream start(String key) {
        String uploadId = client.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
        return new MultipartUploadStream(client, BUCKET, key, uploadId, List.of(), true).inBackground(background);
    }

    @Test
    void partsCutAtBoundariesAreStoredInTheBackgroundInOrder() throws Exception {
        byte[] file = new byte[3 * ObjectStore.PART_SIZE + 12_345];
        new Random(7).nextBytes(file);
        int chunk = ObjectStore.PART_SIZE / 3 + 17;
        MultipartUploadStream upload = start("background.bin");
        int cut = 0;
        for (int at = 0; at < file.length; at += chunk) {
            upload.write(file, at, Math.min(chunk, file.length - at));
            if (upload.boundary()) {
                cut++;
                assertEquals(cut, upload.partsCut());
                List<MultipartUploadStream.Part> stored = upload.parts();
                assertTrue(stored.size() == cut || stored.size() == cut - 1, "at most one part in flight");
                assertEquals(stored.stream().mapToLong(MultipartUploadStream.Part::size).sum(), upload.uploadedBytes());
            }
        }
        assertEquals(3, cut);
        ObjectStore.StoredObject stored = upload.complete();

        assertEquals(file.length, stored.size());
        assertEquals(4, upload.parts().size());
        assertArrayEquals(file, client.getObjectAsBytes(b -> b.bucket(BUCKET).key("background.bin")).asByteArray());
    }

    @Test
    void aPartThatFailsInTheBackgroundFailsTheNextCall() throws Exception {
        String uploadId = client.createMultipartUpload(b -> b.bucket(BUCKET).key("failed.bin")).uploadId();
        S3Client nowhere = client(URI.create("http://127.0.0.1:" + freePort())); // every request of it fails
        MultipartUploadStream upload = new MultipartUploadStream(nowhere, BUCKET, "failed.bin", uploadId, List.of(),
                true).inBackground(background);
        upload.write(new byte[ObjectStore.PART_SIZE]);
        assertTrue(upload.boundary());

        IOException failure = assertThrows(IOException.class, upload::complete);
        assertTrue(failure.getMessage().startsWith("Part 1 of failed.bin could not be stored"), failure.getMessage());
        assertThrows(IOException.class, () -> upload.write(1));
        assertEquals(List.of(), upload.parts());
        nowhere.close();
    }
}
