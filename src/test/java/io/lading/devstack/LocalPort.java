package io.lading.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Probes TCP ports on the loopback interface. */
public final class LocalPort {

    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    private LocalPort() {
    }

    /** Whether something accepts connections on 127.0.0.1 at this port. */
    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
