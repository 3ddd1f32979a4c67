package io.lading.devstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

class EmbeddedServicesTest {

    private static final String BUCKET = "lading";
    private static final String ACCESS_KEY = "test-access";
    private static final String SECRET_KEY = "test-secret";

    @TempDir
    Path dataRoot;

    @Test
    void postgresCreatesRoleAndDatabaseAndKeepsDataAcrossRestarts() throws Exception {
        int port = freePort();
        Path data = dataRoot.resolve("postgres");

        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(port, data, false, "lading", "lading", "pw-1")) {
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), "lading", "pw-1");
                 Statement statement = connection.createStatement()) {
                assertEquals("lading", single(statement, "SELECT current_user"));
                assertEquals("lading", single(statement, "SELECT pg_get_userbyid(datdba) FROM pg_database"
                        + " WHERE datname = current_database()"));
                assertEquals("on", single(statement, "SHOW fsync"));
                assertEquals("on", single(statement, "SHOW synchronous_commit"));
                assertEquals("200", single(statement, "SHOW max_connections"));
                statement.execute("CREATE TABLE kept (id int)");
                statement.execute("INSERT INTO kept VALUES (42)");
            }
            assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(postgres.jdbcUrl(), "lading", "wrong").close());
        }
        assertFalse(LocalPort.isListening(port));

        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(port, data, true, "lading", "lading", "pw-2");
             Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), "lading", "pw-2");
             Statement statement = connection.createStatement()) {
            assertEquals("42", single(statement, "SELECT id FROM kept"));
        }
    }

    @Test
    void s3AcceptsSignedPutsPresignedPutsAndMultipartUploads() throws Exception {
        int port = freePort();
        try (EmbeddedS3 s3 = EmbeddedS3.start(port, dataRoot.resolve("s3"), false, ACCESS_KEY, SECRET_KEY, BUCKET);
             S3Client client = client(s3.endpoint(), SECRET_KEY);
             S3Presigner presigner = presigner(s3.endpoint())) {

            client.putObject(put -> put.bucket(BUCKET).key("a/b.txt"), RequestBody.fromString("hello"));
            assertEquals("hello", client.getObjectAsBytes(get -> get.bucket(BUCKET).key("a/b.txt")).asUtf8String());

            URI uploadUrl = presigner.presignPutObject(presign -> presign
                            .signatureDuration(Duration.ofMinutes(15))
                            .putObjectRequest(put -> put.bucket(BUCKET).key("uploads/c.csv")))
                    .url().toURI();
            HttpResponse<String> upload = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(uploadUrl)
                            .PUT(HttpRequest.BodyPublishers.ofString("email\na@example.com\n"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, upload.statusCode(), upload.body());
            assertEquals("email\na@example.com\n",
                    client.getObjectAsBytes(get -> get.bucket(BUCKET).key("uploads/c.csv")).asUtf8String());

            byte[] exported = multipartUpload(client, "exports/d.csv");
            assertArrayEquals(exported,
                    client.getObjectAsBytes(get -> get.bucket(BUCKET).key("exports/d.csv")).asByteArray());

            try (S3Client wrongSecret = client(s3.endpoint(), "not-the-secret")) {
                S3Exception denied = assertThrows(S3Exception.class,
                        () -> wrongSecret.getObjectAsBytes(get -> get.bucket(BUCKET).key("a/b.txt")));
                assertEquals(403, denied.statusCode());
            }
        }
        assertFalse(LocalPort.isListening(port));
    }

    @Test
    void s3KeepsObjectsAcrossRestartsWhenAsked() throws Exception {
        int port = freePort();
        Path data = dataRoot.resolve("s3");
        try (EmbeddedS3 s3 = EmbeddedS3.start(port, data, false, ACCESS_KEY, SECRET_KEY, BUCKET);
             S3Client client = client(s3.endpoint(), SECRET_KEY)) {
            client.putObject(put -> put.bucket(BUCKET).key("kept.txt"), RequestBody.fromString("kept"));
        }
        try (EmbeddedS3 s3 = EmbeddedS3.start(port, data, true, ACCESS_KEY, SECRET_KEY, BUCKET);
             S3Client client = client(s3.endpoint(), SECRET_KEY)) {
            assertEquals("kept", client.getObjectAsBytes(get -> get.bucket(BUCKET).key("kept.txt")).asUtf8String());
        }
        try (EmbeddedS3 s3 = EmbeddedS3.start(port, data, false, ACCESS_KEY, SECRET_KEY, BUCKET);
             S3Client client = client(s3.endpoint(), SECRET_KEY)) {
            assertTrue(client.listObjectsV2(list -> list.bucket(BUCKET)).contents().isEmpty());
        }
    }

    /** Two parts, the first at S3's 5 MiB minimum part size. */
    private static byte[] multipartUpload(S3Client client, String key) {
        byte[] first = new byte[5 * 1024 * 1024];
        new Random(1).nextBytes(first);
        byte[] last = "tail\n".getBytes(StandardCharsets.UTF_8);

        String uploadId = client.createMultipartUpload(create -> create.bucket(BUCKET).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        byte[][] bodies = {first, last};
        for (int i = 0; i < bodies.length; i++) {
            int partNumber = i + 1;
            String etag = client.uploadPart(part -> part.bucket(BUCKET).key(key).uploadId(uploadId)
                    .partNumber(partNumber), RequestBody.fromBytes(bodies[i])).eTag();
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        }
        client.completeMultipartUpload(complete -> complete.bucket(BUCKET).key(key).uploadId(uploadId)
                .multipartUpload(upload -> upload.parts(parts)));

        byte[] whole = Arrays.copyOf(first, first.length + last.length);
        System.arraycopy(last, 0, whole, first.length, last.length);
        return whole;
    }

    private static S3Client client(URI endpoint, String secretKey) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, secretKey)))
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                // S3Proxy rejects the SDK's default trailing checksums.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    private static S3Presigner presigner(URI endpoint) {
        return S3Presigner.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    private static String single(Statement statement, String query) throws SQLException {
        try (ResultSet rows = statement.executeQuery(query)) {
            assertTrue(rows.next(), query);
            return rows.getString(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
