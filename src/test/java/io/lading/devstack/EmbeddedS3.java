package io.lading.devstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.logging.Logger;

import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;

/**
 * An S3-compatible endpoint on 127.0.0.1: S3Proxy in this JVM over jclouds' filesystem blob store, one directory
 * per bucket. Requests must be signed (AWS signature V2 or V4) with the given keys; presigned URLs work.
 */
public final class EmbeddedS3 implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedS3.class.getName());
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    private final S3Proxy proxy;
    private final BlobStoreContext blobStore;
    private final URI endpoint;

    private EmbeddedS3(S3Proxy proxy, BlobStoreContext blobStore, URI endpoint) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.endpoint = endpoint;
    }

    /**
     * Starts the endpoint and creates {@code bucket} if it does not exist yet.
     *
     * @param keepData whether to reuse what a previous run left in {@code dataDirectory} (else it is emptied first)
     */
    public static EmbeddedS3 start(int port, Path dataDirectory, boolean keepData,
                                   String accessKey, String secretKey, String bucket) throws IOException {
        DataDirectory.prepare(dataDirectory, keepData);
        Properties filesystem = new Properties();
        filesystem.setProperty(FilesystemConstants.PROPERTY_BASEDIR, dataDirectory.toString());
        BlobStoreContext blobStore = ContextBuilder.newBuilder("filesystem")
                .overrides(filesystem)
                .buildView(BlobStoreContext.class);
        blobStore.getBlobStore().createContainerInLocation(null, bucket);

        URI endpoint = URI.create("http://127.0.0.1:" + port);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore.getBlobStore())
                .endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                // A page served by the application (another origin) may PUT to a presigned URL.
                .corsRules(new CrossOriginResourceSharing())
                .build();
        EmbeddedS3 s3 = new EmbeddedS3(proxy, blobStore, endpoint);
        try {
            proxy.start();
            s3.awaitStarted();
        } catch (Exception e) {
            s3.close();
            throw new IOException("S3Proxy did not start on port " + port, e);
        }
        LOG.info(() -> "S3 is up at " + endpoint + ", bucket " + bucket + " (data in " + dataDirectory + ")");
        return s3;
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public String toString() {
        return "S3 at " + endpoint;
    }

    private void awaitStarted() throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP_WAIT.toNanos();
        while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy is " + proxy.getState() + " after " + STARTUP_WAIT);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        try {
            proxy.stop();
            LOG.info("S3 stopped");
        } catch (Exception e) {
            LOG.warning(() -> "Could not stop S3Proxy: " + e);
        } finally {
            blobStore.close();
        }
    }
}
