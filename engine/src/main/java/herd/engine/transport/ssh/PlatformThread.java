package herd.engine.transport.ssh;

import java.io.IOException;

/**
 * Runs blocking socket I/O on a platform thread and waits for it: the same I/O on a virtual thread
 * starts the JDK's poller thread, which sits in native code and makes the JVM wait 0.3 s at exit
 * (measured in the benchmark).
 */
final class PlatformThread {
    interface Call<T> {
        T run() throws IOException;
    }

    private PlatformThread() {
    }

    static <T> T call(String what, Call<T> call) throws IOException {
        Object[] answer = new Object[1];
        IOException[] failure = new IOException[1];
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                answer[0] = call.run();
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + what, e);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        @SuppressWarnings("unchecked")
        T result = (T) answer[0];
        return result;
    }
}
