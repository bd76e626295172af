package io.vigil.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Free ports on 127.0.0.1 and waiting for a server to listen on one. */
final class LoopbackPorts {
    static final String HOST = "127.0.0.1";

    private LoopbackPorts() {
    }

    /** A port that was free a moment ago (the OS picks it; a race with another process is possible but rare). */
    static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** Waits until something accepts connections on {@code port}, failing early if {@code owner} dies. */
    static void awaitListening(int port, ChildProcess owner, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            owner.requireAlive();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("nothing listens on " + HOST + ":" + port + " after " + timeout.toSeconds() + " s");
                }
                Thread.sleep(20);
            }
        }
    }
}
